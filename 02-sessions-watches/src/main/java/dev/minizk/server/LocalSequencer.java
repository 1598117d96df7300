package dev.minizk.server;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;

import java.util.function.LongSupplier;

/**
 * The standalone server's {@link Sequencer}: it is its own quorum. Each write is prepped, given
 * the next zxid {@code epoch << 32 | counter} and committed at once, before {@link #submit}
 * returns. Epoch 0 keeps ZooKeeper's standalone zxids: 0x1, 0x2, …
 *
 * <p>The counter is this sequencer's own, not the tree's last zxid plus one: a leader has many
 * writes prepped and not yet applied, and no two of them may share a zxid.
 */
public final class LocalSequencer implements Sequencer {
    private final WritePrep prep;
    private final CommitListener committed;
    private final LongSupplier clock;
    private final long epoch;
    private long counter;

    /**
     * @param lastZxid the last zxid already applied (0 for an empty tree); the next write gets the
     *                 next counter of {@code epoch}, or counter 1 if {@code epoch} is newer
     * @param clock    the server's clock: a txn's time becomes ctime/mtime
     */
    public LocalSequencer(WritePrep prep, CommitListener committed, LongSupplier clock, long epoch, long lastZxid) {
        if (Zxid.epochOf(lastZxid) > epoch) {
            throw new IllegalArgumentException("epoch " + epoch + " is older than the last zxid " + Zxid.format(lastZxid));
        }
        this.prep = prep;
        this.committed = committed;
        this.clock = clock;
        this.epoch = epoch;
        this.counter = Zxid.epochOf(lastZxid) == epoch ? Zxid.counterOf(lastZxid) : 0;
    }

    @Override
    public void submit(WriteRequest write) {
        TxnHeader header = new TxnHeader(write.sessionId(), write.cxid(), Zxid.of(epoch, ++counter), clock.getAsLong());
        Txn txn = prep.prepare(header, write);
        committed.committed(new LoggedTxn(header, txn));
        prep.applied(header.zxid());
    }

    /** The last zxid given out. */
    public long lastZxid() {
        return Zxid.of(epoch, counter);
    }
}
