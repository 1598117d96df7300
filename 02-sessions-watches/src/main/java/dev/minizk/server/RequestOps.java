package dev.minizk.server;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.txn.Op;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates the write requests of the client protocol into stage 01's {@link Op}s. The
 * translation checks what the protocol allows but the tree does not know about, such as a
 * create flag that matches the op code (a TTL flag needs createTTL, a container createContainer).
 */
final class RequestOps {
    private RequestOps() {
    }

    static boolean isWrite(Request request) {
        return request instanceof Request.Create || request instanceof Request.Delete
                || request instanceof Request.SetData || request instanceof Request.SetAcl
                || request instanceof Request.Check || request instanceof Request.Multi;
    }

    /** The op for a write request; BADARGUMENTS for a combination ZooKeeper refuses. */
    static Op toOp(Request request) {
        if (request instanceof Request.Create c) {
            return new Op.Create(c.path(), c.data(), c.acl(), createMode(c), c.ttl());
        } else if (request instanceof Request.Delete d) {
            return new Op.Delete(d.path(), d.version());
        } else if (request instanceof Request.SetData s) {
            return new Op.SetData(s.path(), s.data(), s.version());
        } else if (request instanceof Request.SetAcl s) {
            return new Op.SetAcl(s.path(), s.acl(), s.version());
        } else if (request instanceof Request.Check c) {
            return new Op.Check(c.path(), c.version());
        } else if (request instanceof Request.Multi m) {
            List<Op> ops = new ArrayList<>(m.ops().size());
            for (Request op : m.ops()) {
                ops.add(toOp(op));
            }
            return new Op.Multi(ops);
        }
        throw new KeeperException(ErrorCode.BADARGUMENTS, request.path(), "not a write: op " + request.opCode());
    }

    /** The index of the first op of a multi that cannot be translated, or -1. */
    static int firstUntranslatable(Request.Multi multi) {
        for (int i = 0; i < multi.ops().size(); i++) {
            try {
                toOp(multi.ops().get(i));
            } catch (KeeperException e) {
                return i;
            }
        }
        return -1;
    }

    /** ZooKeeper's rule: the flags name the mode; containers and TTL nodes need their own op codes. */
    private static CreateMode createMode(Request.Create create) {
        CreateMode mode = CreateMode.fromFlag(create.flags());
        boolean containerOp = create.opCode() == OpCode.CREATE_CONTAINER;
        boolean ttlOp = create.opCode() == OpCode.CREATE_TTL;
        if (mode.isContainer() != containerOp || mode.isTtl() != ttlOp) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, create.path(),
                    "create mode " + mode + " does not fit op code " + create.opCode());
        }
        return mode;
    }
}
