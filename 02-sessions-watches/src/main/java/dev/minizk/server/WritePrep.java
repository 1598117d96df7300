package dev.minizk.server;

import dev.minizk.acl.AclEnforcer;
import dev.minizk.proto.Request;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.KeeperException;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnBuilder;
import dev.minizk.txn.TxnHeader;

/**
 * Prep on the server that orders writes (the standalone server; an ensemble's leader): turns a
 * {@link WriteRequest} into its txn, ZooKeeper's {@code PrepRequestProcessor}. Prep runs ahead of
 * apply: stage 01's {@link TxnBuilder} keeps the changes of txns prepared but not yet applied, so
 * a write sees the writes ordered before it even while they wait for their commit.
 */
public final class WritePrep {
    private final TxnBuilder builder;

    public WritePrep(DataTree tree, boolean ttlEnabled) {
        this.builder = new TxnBuilder(tree, ttlEnabled);
    }

    /**
     * The txn for a write, with the header it will carry. A write that fails its checks still
     * becomes a txn ({@link Txn.Error}), so it takes its place in the order and its client
     * gets its answer.
     *
     * <p>Hint (02.6): a new session is a {@link Txn.CreateSession}; a session's end lists its
     * ephemerals ({@link TxnBuilder#closeSession}). Any other write is translated into an op
     * ({@link RequestOps#toOp}, which may fail) and prepped with an {@link AclEnforcer} for the
     * write's identities (not a connection's: the client may be on another server). A
     * {@link KeeperException} from either becomes an error txn with its code.
     */
    public Txn prepare(TxnHeader header, WriteRequest write) {
        Request request = write.request();
        // BEGIN SOLUTION 02.6
        if (request instanceof Request.CreateSession session) {
            return new Txn.CreateSession(session.timeout());
        } else if (request instanceof Request.CloseSession) {
            return builder.closeSession(header);
        }
        try {
            return builder.prepare(header, RequestOps.toOp(request), new AclEnforcer(write.identities()));
        } catch (KeeperException e) {
            return new Txn.Error(e.code());
        }
        // STUB: throw new UnsupportedOperationException("TODO 02.6: prep " + request);
        // END SOLUTION
    }

    /** Every txn up to {@code zxid} is applied: prep forgets its pending changes. */
    public void applied(long zxid) {
        builder.applied(zxid);
    }
}
