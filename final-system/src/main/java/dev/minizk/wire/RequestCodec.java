package dev.minizk.wire;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Client frames after the handshake: {@code RequestHeader { int xid; int type }} and the body
 * the op code calls for (field layouts in zk-reference §1.6, multi in §1.7). The server
 * decodes them; the course's client encodes them.
 */
public final class RequestCodec {

    /** One decoded client frame. */
    public record ClientFrame(int xid, Request request) {
    }

    /** The marker that ends a multi's op list: {@code MultiHeader{type=-1, done=true, err=-1}}. */
    private static final int MULTI_END = -1;

    private RequestCodec() {
    }

    // ------------------------------------------------------------------ encode (client side)

    /** The payload of a request frame: header and body, without the length prefix. */
    public static byte[] encode(int xid, Request request) {
        JuteWriter out = new JuteWriter();
        out.writeInt(xid).writeInt(request.opCode());
        writeBody(out, request);
        return out.toByteArray();
    }

    private static void writeBody(JuteWriter out, Request request) {
        if (request instanceof Request.Create r) {
            out.writeString(r.path()).writeBuffer(r.data());
            WireRecords.writeAcls(out, r.acl());
            out.writeInt(r.flags());
            if (r.opCode() == OpCode.CREATE_TTL) {
                out.writeLong(r.ttl());
            }
        } else if (request instanceof Request.Delete r) {
            out.writeString(r.path()).writeInt(r.version());
        } else if (request instanceof Request.Exists r) {
            out.writeString(r.path()).writeBool(r.watch());
        } else if (request instanceof Request.GetData r) {
            out.writeString(r.path()).writeBool(r.watch());
        } else if (request instanceof Request.SetData r) {
            out.writeString(r.path()).writeBuffer(r.data()).writeInt(r.version());
        } else if (request instanceof Request.GetAcl r) {
            out.writeString(r.path());
        } else if (request instanceof Request.SetAcl r) {
            out.writeString(r.path());
            WireRecords.writeAcls(out, r.acl());
            out.writeInt(r.version());
        } else if (request instanceof Request.GetChildren r) {
            out.writeString(r.path()).writeBool(r.watch());
        } else if (request instanceof Request.Sync r) {
            out.writeString(r.path());
        } else if (request instanceof Request.Check r) {
            out.writeString(r.path()).writeInt(r.version());
        } else if (request instanceof Request.Multi r) {
            writeOps(out, r.ops());
        } else if (request instanceof Request.MultiRead r) {
            writeOps(out, r.ops());
        } else if (request instanceof Request.CheckWatches r) {
            out.writeString(r.path()).writeInt(r.type());
        } else if (request instanceof Request.RemoveWatches r) {
            out.writeString(r.path()).writeInt(r.type());
        } else if (request instanceof Request.AddWatch r) {
            out.writeString(r.path()).writeInt(r.mode());
        } else if (request instanceof Request.SetWatches r) {
            out.writeLong(r.relativeZxid()).writeStrings(r.dataWatches()).writeStrings(r.existWatches())
                    .writeStrings(r.childWatches());
            if (r.opCode() == OpCode.SET_WATCHES2) {
                out.writeStrings(r.persistentWatches()).writeStrings(r.persistentRecursiveWatches());
            }
        } else if (request instanceof Request.Auth r) {
            out.writeInt(0).writeString(r.scheme()).writeBuffer(r.auth()); // type 0, as the Java client
        } else if (request instanceof Request.GetEphemerals r) {
            out.writeString(r.prefix());
        } else if (request instanceof Request.GetAllChildrenNumber r) {
            out.writeString(r.path());
        }
        // Ping, CloseSession, WhoAmI and Unsupported have no body.
    }

    private static void writeOps(JuteWriter out, List<Request> ops) {
        for (Request op : ops) {
            out.writeInt(op.opCode()).writeBool(false).writeInt(-1);
            writeBody(out, op);
        }
        out.writeInt(MULTI_END).writeBool(true).writeInt(-1);
    }

    // ------------------------------------------------------------------ decode (server side)

    /**
     * Decodes a request frame's payload. An op code that {@link Request} does not model
     * becomes {@link Request.Unsupported} (its body is skipped), which the server answers
     * with UNIMPLEMENTED; a body that does not fit its op code is a malformed frame.
     */
    public static ClientFrame decode(ByteBuffer payload) throws MalformedFrameException {
        JuteReader in = new JuteReader(payload);
        int xid = in.readInt("header.xid");
        int type = in.readInt("header.type");
        Request request = readBody(in, type);
        return new ClientFrame(xid, request == null ? new Request.Unsupported(type) : request);
    }

    /** The request for an op code and its body, or null for an op code with no model here. */
    private static Request readBody(JuteReader in, int type) throws MalformedFrameException {
        switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL -> {
                String path = in.readString("path");
                byte[] data = in.readBuffer("data");
                var acl = WireRecords.readAcls(in);
                int flags = in.readInt("flags");
                long ttl = type == OpCode.CREATE_TTL ? in.readLong("ttl") : -1;
                return new Request.Create(type, path, data, acl, flags, ttl);
            }
            case OpCode.DELETE -> {
                return new Request.Delete(in.readString("path"), in.readInt("version"));
            }
            case OpCode.EXISTS -> {
                return new Request.Exists(in.readString("path"), in.readBool("watch"));
            }
            case OpCode.GET_DATA -> {
                return new Request.GetData(in.readString("path"), in.readBool("watch"));
            }
            case OpCode.SET_DATA -> {
                return new Request.SetData(in.readString("path"), in.readBuffer("data"), in.readInt("version"));
            }
            case OpCode.GET_ACL -> {
                return new Request.GetAcl(in.readString("path"));
            }
            case OpCode.SET_ACL -> {
                String path = in.readString("path");
                var acl = WireRecords.readAcls(in);
                return new Request.SetAcl(path, acl, in.readInt("version"));
            }
            case OpCode.GET_CHILDREN, OpCode.GET_CHILDREN2 -> {
                return new Request.GetChildren(in.readString("path"), in.readBool("watch"),
                        type == OpCode.GET_CHILDREN2);
            }
            case OpCode.SYNC -> {
                return new Request.Sync(in.readString("path"));
            }
            case OpCode.PING -> {
                return new Request.Ping();
            }
            case OpCode.CHECK -> {
                return new Request.Check(in.readString("path"), in.readInt("version"));
            }
            case OpCode.MULTI -> {
                return new Request.Multi(readOps(in));
            }
            case OpCode.MULTI_READ -> {
                return new Request.MultiRead(readOps(in));
            }
            case OpCode.CHECK_WATCHES -> {
                return new Request.CheckWatches(in.readString("path"), in.readInt("type"));
            }
            case OpCode.REMOVE_WATCHES -> {
                return new Request.RemoveWatches(in.readString("path"), in.readInt("type"));
            }
            case OpCode.ADD_WATCH -> {
                return new Request.AddWatch(in.readString("path"), in.readInt("mode"));
            }
            case OpCode.SET_WATCHES, OpCode.SET_WATCHES2 -> {
                long relativeZxid = in.readLong("relativeZxid");
                List<String> data = WireRecords.nonNull(in.readStrings("dataWatches"));
                List<String> exist = WireRecords.nonNull(in.readStrings("existWatches"));
                List<String> child = WireRecords.nonNull(in.readStrings("childWatches"));
                List<String> persistent = List.of();
                List<String> recursive = List.of();
                if (type == OpCode.SET_WATCHES2) {
                    persistent = WireRecords.nonNull(in.readStrings("persistentWatches"));
                    recursive = WireRecords.nonNull(in.readStrings("persistentRecursiveWatches"));
                }
                return new Request.SetWatches(relativeZxid, data, exist, child, persistent, recursive);
            }
            case OpCode.AUTH -> {
                in.readInt("auth.type"); // the Java client always sends 0, and ZooKeeper ignores it
                String scheme = in.readString("auth.scheme");
                byte[] auth = in.readBuffer("auth.auth");
                // A null scheme is no scheme the server knows: it answers AUTHFAILED, as for any unknown one.
                return new Request.Auth(scheme == null ? "" : scheme, auth == null ? new byte[0] : auth);
            }
            case OpCode.GET_EPHEMERALS -> {
                return new Request.GetEphemerals(in.readString("prefixPath"));
            }
            case OpCode.GET_ALL_CHILDREN_NUMBER -> {
                return new Request.GetAllChildrenNumber(in.readString("path"));
            }
            case OpCode.WHO_AM_I -> {
                return new Request.WhoAmI();
            }
            case OpCode.CLOSE_SESSION -> {
                return new Request.CloseSession();
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The ops of a multi or multiRead, each behind a {@code MultiHeader}, up to the end marker.
     * Like ZooKeeper's {@code MultiOperationRecord}, one record type serves both, so either
     * may hold any of the nine op types; the server refuses a read in a multi and a write in
     * a multiRead with BADARGUMENTS for that op.
     */
    private static List<Request> readOps(JuteReader in) throws MalformedFrameException {
        List<Request> ops = new ArrayList<>();
        while (true) {
            int type = in.readInt("multi[" + ops.size() + "].type");
            boolean done = in.readBool("multi[" + ops.size() + "].done");
            in.readInt("multi[" + ops.size() + "].err");
            if (done) {
                return ops;
            }
            if (!isMultiOp(type)) {
                throw new MalformedFrameException("multi[" + ops.size() + "]: op type " + type
                        + " cannot be part of a multi");
            }
            ops.add(readBody(in, type));
        }
    }

    private static boolean isMultiOp(int type) {
        return switch (type) {
            case OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER, OpCode.CREATE_TTL, OpCode.DELETE,
                    OpCode.SET_DATA, OpCode.CHECK, OpCode.GET_CHILDREN, OpCode.GET_DATA -> true;
            default -> false;
        };
    }
}
