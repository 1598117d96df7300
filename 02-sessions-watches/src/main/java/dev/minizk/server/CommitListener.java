package dev.minizk.server;

import dev.minizk.txn.LoggedTxn;

/** Where a {@link Sequencer} delivers committed txns: every server's {@link RequestPipeline}. */
public interface CommitListener {

    /**
     * A txn is committed: apply it. Called once per txn, in strictly increasing zxid order;
     * anything else is a bug that would make servers disagree, and the pipeline stops on it.
     */
    void committed(LoggedTxn txn);
}
