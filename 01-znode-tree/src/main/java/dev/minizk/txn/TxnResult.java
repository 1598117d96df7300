package dev.minizk.txn;

import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Stat;
import dev.minizk.tree.WatchTrigger;

import java.util.List;

/**
 * What applying one txn did: ZooKeeper's {@code ProcessTxnResult} plus the watch triggers.
 *
 * @param zxid       the txn's zxid
 * @param err        OK, or why the txn failed (in prep, or, during a replay, when applied)
 * @param path       the node the txn is about (the final name for a sequential create)
 * @param stat       the node's Stat after a create, setData or setACL; else null
 * @param subResults one result per sub-txn of a multi; else empty
 * @param triggers   the watch events the txn causes, in order
 */
public record TxnResult(long zxid, ErrorCode err, String path, Stat stat,
                        List<TxnResult> subResults, List<WatchTrigger> triggers) {

    public static TxnResult ok(long zxid, String path, Stat stat, List<WatchTrigger> triggers) {
        return new TxnResult(zxid, ErrorCode.OK, path, stat, List.of(), triggers);
    }

    public static TxnResult error(long zxid, ErrorCode err, String path) {
        return new TxnResult(zxid, err, path, null, List.of(), List.of());
    }

    public boolean isOk() {
        return err == ErrorCode.OK;
    }
}
