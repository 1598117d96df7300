package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;

/**
 * What Zab replicates into: the state machine of one server (the data tree, in the course). Zab
 * hands it committed txns one at a time in zxid order, asks it for a snapshot to send a learner
 * that must be synchronized, and replaces it whole with a snapshot from the leader.
 */
public interface ReplicatedState {

    /** Applies a committed txn. Called in strictly increasing zxid order, each txn once. */
    void deliver(LoggedTxn committed);

    /** The zxid of the last txn applied (or of the snapshot restored); 0 when empty. */
    long lastDeliveredZxid();

    /** The whole state as of {@link #lastDeliveredZxid}, serialized. */
    byte[] snapshot();

    /** Replaces the whole state by a snapshot another server took at {@code zxid}. */
    void restore(byte[] snapshot, long zxid);
}
