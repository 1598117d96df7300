package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;

/**
 * Where a server's {@link History} writes the txns it logs. In stage 04 the log is memory and a
 * txn is durable the moment it is logged. From stage 05 on it is a file, and a txn is durable
 * only once a sync that covers it has completed: a follower acks a proposal, and a leader counts
 * its own ack, only then ("persist before you send"), through {@link ZabContext#whenLogged}.
 */
public interface TxnLog {

    /** Appends a txn; txns come in increasing zxid order. Not durable until {@link #whenDurable} says so. */
    void append(LoggedTxn txn);

    /**
     * Runs {@code action} once every txn appended so far is durable: at once if it is, else when
     * the sync covering it completes. Actions run in the order they were asked for.
     */
    void whenDurable(Runnable action);

    /** The state was replaced by a leader's snapshot at {@code zxid}: whatever was logged before is void. */
    void snapshotInstalled(byte[] snapshot, long zxid);

    /** Drops every txn above {@code zxid} (a TRUNC from the leader: no quorum acked them durable). */
    void truncate(long zxid);

    /** Stage 04's log: memory, durable at once (and gone with the process). */
    static TxnLog inMemory() {
        return new TxnLog() {
            @Override
            public void append(LoggedTxn txn) {
            }

            @Override
            public void whenDurable(Runnable action) {
                action.run();
            }

            @Override
            public void snapshotInstalled(byte[] snapshot, long zxid) {
            }

            @Override
            public void truncate(long zxid) {
            }
        };
    }
}
