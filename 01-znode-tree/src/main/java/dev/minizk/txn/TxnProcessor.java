package dev.minizk.txn;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import dev.minizk.tree.WatchTrigger;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies txns to a {@link DataTree} and its {@link SessionTable}: the state machine's
 * transition function (ZooKeeper's {@code DataTree.processTxn}). A txn that fails here (only
 * possible when a txn is replayed over a fuzzy snapshot that already holds its effect) yields
 * an error result and changes nothing but what ZooKeeper changes too.
 */
public final class TxnProcessor {
    private final DataTree tree;
    private final SessionTable sessions;

    /** A processor with a session table of its own. */
    public TxnProcessor(DataTree tree) {
        this(tree, new SessionTable());
    }

    public TxnProcessor(DataTree tree, SessionTable sessions) {
        this.tree = tree;
        this.sessions = sessions;
    }

    /** The sessions the applied txns have created and not yet closed. */
    public SessionTable sessions() {
        return sessions;
    }

    public TxnResult apply(TxnHeader header, Txn txn) {
        TxnResult result = applyOne(header, txn);
        if (header.zxid() > tree.lastProcessedZxid()) {
            tree.setLastProcessedZxid(header.zxid());
        }
        return result;
    }

    public TxnResult apply(LoggedTxn logged) {
        return apply(logged.header(), logged.txn());
    }

    private TxnResult applyOne(TxnHeader header, Txn txn) {
        long zxid = header.zxid();
        String path = txn.path();
        try {
            if (txn instanceof Txn.Create t) {
                long owner = t.ephemeral() ? header.sessionId() : EphemeralOwner.NONE;
                return created(zxid, t.path(), tree.createNode(t.path(), t.data(), t.acl(), owner,
                        t.parentCVersion(), zxid, header.time()));
            } else if (txn instanceof Txn.CreateContainer t) {
                return created(zxid, t.path(), tree.createNode(t.path(), t.data(), t.acl(), EphemeralOwner.CONTAINER,
                        t.parentCVersion(), zxid, header.time()));
            } else if (txn instanceof Txn.CreateTtl t) {
                return created(zxid, t.path(), tree.createNode(t.path(), t.data(), t.acl(), EphemeralOwner.ttl(t.ttl()),
                        t.parentCVersion(), zxid, header.time()));
            } else if (txn instanceof Txn.Delete t) {
                tree.deleteNode(t.path(), zxid);
                return TxnResult.ok(zxid, t.path(), null, WatchTriggers.deleted(t.path()));
            } else if (txn instanceof Txn.SetData t) {
                Stat stat = tree.setData(t.path(), t.data(), t.version(), zxid, header.time());
                return TxnResult.ok(zxid, t.path(), stat, WatchTriggers.dataChanged(t.path()));
            } else if (txn instanceof Txn.SetAcl t) {
                return TxnResult.ok(zxid, t.path(), tree.setAcl(t.path(), t.acl(), t.version()), List.of());
            } else if (txn instanceof Txn.CloseSession t) {
                sessions.remove(header.sessionId());
                return sessionClosed(zxid, tree.killSession(header.sessionId(), t.paths(), zxid));
            } else if (txn instanceof Txn.CreateSession t) {
                sessions.add(header.sessionId(), t.timeout());
                return TxnResult.ok(zxid, null, null, List.of());
            } else if (txn instanceof Txn.Check) {
                return TxnResult.ok(zxid, path, null, List.of()); // the check passed in prep; nothing changes
            } else if (txn instanceof Txn.Error t) {
                return TxnResult.error(zxid, t.code(), null);
            } else if (txn instanceof Txn.Multi t) {
                return applyMulti(header, t.txns());
            }
            // Txn is sealed and every kind is named above: a new kind must be added here, not skipped.
            throw new IllegalStateException("no rule to apply " + txn);
        } catch (KeeperException e) {
            return TxnResult.error(zxid, e.code(), path);
        }
    }

    private static TxnResult created(long zxid, String path, Stat stat) {
        return TxnResult.ok(zxid, path, stat, WatchTriggers.created(path));
    }

    private static TxnResult sessionClosed(long zxid, List<String> deleted) {
        List<WatchTrigger> triggers = new ArrayList<>();
        for (String path : deleted) {
            triggers.addAll(WatchTriggers.deleted(path));
        }
        return TxnResult.ok(zxid, null, null, triggers);
    }

    /**
     * A multi either applies every sub-txn or none. If prep failed it (some sub-txn is an
     * error), nothing is applied and each sub-result reports, as ZooKeeper does: OK for the
     * ops before the failing one, the failing op's code, then RUNTIMEINCONSISTENCY.
     * The multi's own error is the first sub-result's error that is not OK.
     *
     * <p>Hint (01.7): first scan for an error sub-txn. If there is one, build the error
     * results without touching the tree; otherwise apply each sub-txn with the multi's header.
     * The multi's triggers are its sub-results' triggers, in order.
     */
    private TxnResult applyMulti(TxnHeader header, List<Txn> txns) {
        // BEGIN SOLUTION 01.7
        boolean failed = txns.stream().anyMatch(txn -> txn instanceof Txn.Error);
        List<TxnResult> results = new ArrayList<>(txns.size());
        List<WatchTrigger> triggers = new ArrayList<>();
        boolean pastFailure = false;
        for (Txn txn : txns) {
            TxnResult result;
            if (failed) {
                ErrorCode code;
                if (txn instanceof Txn.Error error) {
                    code = error.code();
                    pastFailure = true;
                } else {
                    code = pastFailure ? ErrorCode.RUNTIMEINCONSISTENCY : ErrorCode.OK;
                }
                result = TxnResult.error(header.zxid(), code, null);
            } else {
                result = applyOne(header, txn);
                triggers.addAll(result.triggers());
            }
            results.add(result);
        }
        ErrorCode err = results.stream().map(TxnResult::err)
                .filter(code -> code != ErrorCode.OK).findFirst().orElse(ErrorCode.OK);
        return new TxnResult(header.zxid(), err, null, null, results, triggers);
        // END SOLUTION
    }
}
