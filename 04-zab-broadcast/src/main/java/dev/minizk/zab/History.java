package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One server's history: the committed prefix, applied to its {@link ReplicatedState}, and the
 * txns it logged (accepted from a leader) but has not seen committed yet. Each logged txn also
 * goes to a {@link TxnLog}: memory in this stage; stage 05's log on disk says when it is durable.
 *
 * <p>Two invariants hold here and crash the server if broken, because every later step would
 * spread the damage: zxids only grow (logged and delivered), and only the oldest logged txn can
 * be committed next.
 */
public final class History {
    private final int server;
    private final ReplicatedState state;
    private final ZabEvents events;
    private final TxnLog txnLog;
    /**
     * The last {@link #COMMIT_LOG_COUNT} txns delivered, oldest first (ZooKeeper's in-memory
     * {@code committedLog}): what a leader can send a learner that is a little behind, instead
     * of its whole state.
     */
    private final Deque<LoggedTxn> committedLog = new ArrayDeque<>();
    /** ZooKeeper's {@code zookeeper.commitLogCount}. */
    public static final int COMMIT_LOG_COUNT = 500;
    /** Logged, not yet committed, in zxid order. */
    private final Deque<LoggedTxn> uncommitted = new ArrayDeque<>();

    public History(int server, ReplicatedState state, ZabEvents events) {
        this(server, state, events, TxnLog.inMemory(), List.of(), List.of());
    }

    /**
     * A history over a log that survived a restart: {@code state} holds what was recovered as
     * delivered; {@code committed} the txns the log still holds up to it, in zxid order and
     * ending at it (its newest {@link #COMMIT_LOG_COUNT} become the committed log, so that a
     * restarted leader can DIFF a learner it would otherwise have to SNAP); {@code recovered} the
     * logged txns above it (whether they were committed is for the next leader to decide), in
     * zxid order.
     */
    public History(int server, ReplicatedState state, ZabEvents events, TxnLog txnLog, List<LoggedTxn> committed,
                   List<LoggedTxn> recovered) {
        this.server = server;
        this.state = state;
        this.events = events;
        this.txnLog = txnLog;
        for (LoggedTxn txn : committed.subList(Math.max(0, committed.size() - COMMIT_LOG_COUNT), committed.size())) {
            long previous = committedLog.isEmpty() ? -1 : committedLog.peekLast().header().zxid();
            if (previous >= 0 && !Learner.follows(previous, txn.header().zxid())) {
                throw new IllegalStateException("server " + server + " recovered committed " + Zxid.format(txn.header().zxid())
                        + " after " + Zxid.format(previous) + ": a DIFF from this log would skip txns");
            }
            committedLog.addLast(txn);
        }
        if (!committedLog.isEmpty() && committedLog.peekLast().header().zxid() != state.lastDeliveredZxid()) {
            throw new IllegalStateException("server " + server + " recovered a committed log ending at "
                    + Zxid.format(committedLog.peekLast().header().zxid()) + " but a state at " + Zxid.format(state.lastDeliveredZxid()));
        }
        for (LoggedTxn txn : recovered) {
            if (txn.header().zxid() <= lastLoggedZxid()) {
                throw new IllegalStateException("server " + server + " recovered " + Zxid.format(txn.header().zxid())
                        + " after " + Zxid.format(lastLoggedZxid()) + ": zxids must increase");
            }
            uncommitted.addLast(txn);
        }
    }

    /**
     * The zxid of the last txn logged (committed or not); what the election compares.
     *
     * <p>Hint (04.1): the newest uncommitted txn's zxid; with none, the last delivered one.
     */
    public long lastLoggedZxid() {
        // BEGIN SOLUTION 04.1
        return uncommitted.isEmpty() ? lastCommittedZxid() : uncommitted.peekLast().header().zxid();
        // END SOLUTION
    }

    public long lastCommittedZxid() {
        return state.lastDeliveredZxid();
    }

    /** The txns logged above the committed prefix, oldest first. */
    public List<LoggedTxn> uncommitted() {
        return List.copyOf(uncommitted);
    }

    /**
     * Logs a txn (a proposal accepted). Its zxid must be above everything logged.
     *
     * <p>Hint (04.1): crash ({@code IllegalStateException}, saying "zxids must increase") on a
     * zxid not above {@link #lastLoggedZxid}; otherwise keep the txn as uncommitted and append it
     * to the {@code txnLog}.
     */
    public void log(LoggedTxn txn) {
        // BEGIN SOLUTION 04.1
        long zxid = txn.header().zxid();
        if (zxid <= lastLoggedZxid()) {
            throw new IllegalStateException("server " + server + " logs " + Zxid.format(zxid)
                    + " after " + Zxid.format(lastLoggedZxid()) + ": zxids must increase");
        }
        uncommitted.addLast(txn);
        txnLog.append(txn);
        // END SOLUTION
    }

    /** Runs {@code action} once everything logged so far is durable (see {@link TxnLog#whenDurable}). */
    public void whenDurable(Runnable action) {
        txnLog.whenDurable(action);
    }

    /** Is {@code zxid} the txn to commit next (the oldest logged, uncommitted one)? */
    public boolean isNextToCommit(long zxid) {
        return !uncommitted.isEmpty() && uncommitted.peekFirst().header().zxid() == zxid;
    }

    /**
     * Delivers the oldest logged txn, which must be {@code zxid}: commits happen in zxid order.
     *
     * <p>Hint (04.1): crash ({@code IllegalStateException}) unless {@link #isNextToCommit}; then
     * take the txn off the uncommitted ones and {@link #deliver} it.
     */
    public void commit(long zxid) {
        // BEGIN SOLUTION 04.1
        if (!isNextToCommit(zxid)) {
            throw new IllegalStateException("server " + server + " commits " + Zxid.format(zxid) + " but the next logged txn is "
                    + (uncommitted.isEmpty() ? "none" : Zxid.format(uncommitted.peekFirst().header().zxid())));
        }
        deliver(uncommitted.removeFirst());
        // END SOLUTION
    }

    /**
     * Delivers every logged txn up to and including {@code zxid}, which must be logged (or committed).
     *
     * <p>Hint (04.1): crash ({@code IllegalStateException}) when {@code zxid} is above
     * {@link #lastLoggedZxid}; else deliver the uncommitted txns, oldest first, while their
     * zxid is at most {@code zxid} (a zxid already delivered asks for nothing).
     */
    public void commitUpTo(long zxid) {
        // BEGIN SOLUTION 04.1
        if (zxid > lastLoggedZxid()) {
            throw new IllegalStateException("server " + server + " asked to commit up to " + Zxid.format(zxid)
                    + " but logged only up to " + Zxid.format(lastLoggedZxid()));
        }
        while (!uncommitted.isEmpty() && uncommitted.peekFirst().header().zxid() <= zxid) {
            deliver(uncommitted.removeFirst());
        }
        // END SOLUTION
    }

    /** The committed state, serialized, for a SNAP. */
    public byte[] snapshot() {
        return state.snapshot();
    }

    /**
     * Replaces everything by the leader's snapshot at {@code zxid}. The snapshot may end below
     * what this server delivered (the leader sends its committed state, then its logged tail as
     * proposals); the learner checks at UPTODATE that nothing it delivered was lost.
     */
    public void restore(byte[] snapshot, long zxid) {
        uncommitted.clear();
        committedLog.clear();
        state.restore(snapshot, zxid);
        if (state.lastDeliveredZxid() != zxid) {
            throw new IllegalStateException("server " + server + " restored a snapshot announced at " + Zxid.format(zxid)
                    + " that holds state up to " + Zxid.format(state.lastDeliveredZxid()));
        }
        txnLog.snapshotInstalled(snapshot, zxid);
        events.snapshotInstalled(server, zxid);
    }

    private void deliver(LoggedTxn txn) {
        long zxid = txn.header().zxid();
        if (zxid <= state.lastDeliveredZxid()) {
            throw new IllegalStateException("server " + server + " delivers " + Zxid.format(zxid)
                    + " after " + Zxid.format(state.lastDeliveredZxid()) + ": delivery must follow zxid order");
        }
        state.deliver(txn);
        events.delivered(server, txn);
        committedLog.addLast(txn);
        if (committedLog.size() > COMMIT_LOG_COUNT) {
            committedLog.removeFirst();
        }
    }

    /** The most recently delivered txns, oldest first (at most {@link #COMMIT_LOG_COUNT}; after a restart, those the log recovered). */
    public List<LoggedTxn> committedLog() {
        return List.copyOf(committedLog);
    }

    /**
     * Drops the logged txns above {@code zxid} (a TRUNC): an old leader proposed them and no
     * quorum committed them. A delivered txn is never dropped: that would lose a committed write.
     */
    public void truncate(long zxid) {
        if (zxid < lastCommittedZxid()) {
            throw new IllegalStateException("server " + server + " told to truncate to " + Zxid.format(zxid)
                    + " below what it delivered, " + Zxid.format(lastCommittedZxid()) + ": a committed txn would be lost");
        }
        while (!uncommitted.isEmpty() && uncommitted.peekLast().header().zxid() > zxid) {
            uncommitted.removeLast();
        }
        txnLog.truncate(zxid);
    }

    @Override
    public String toString() {
        return "committed " + Zxid.format(lastCommittedZxid()) + ", logged " + Zxid.format(lastLoggedZxid());
    }
}
