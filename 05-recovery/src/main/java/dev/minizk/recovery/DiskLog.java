package dev.minizk.recovery;

import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.TxnLog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The txn log on a server's disk, with group commit.
 *
 * <p>An append goes to the operating system's cache at once (a {@link Storage#append}); it is
 * durable only when a sync that covers it completes. Syncs are slow (milliseconds on a real
 * disk), so one sync should cover many appends: while a sync is in flight, new appends and the
 * actions waiting for them ({@link #whenDurable}: an ACK to send) gather in the next batch, and
 * when the sync completes one new sync covers the whole batch. Under load a sync covers many
 * txns; when idle, every txn gets its own sync at once. (ZooKeeper's {@code SyncRequestProcessor}
 * does the same: it flushes when its queue runs dry or holds 1000 requests.)
 *
 * <p>Actions run in the order they were asked for, and only after every earlier sync completed
 * too: a file's syncs complete in order, and a batch that spans two files (after a roll) waits
 * for both.
 */
public final class DiskLog implements TxnLog {
    /** A bound on actions waiting for one batch: past it something upstream ignores flow control. */
    static final int MAX_WAITING_ACTIONS = 1 << 20;

    private final Storage storage;
    /** The file appends go to, or null: the next append starts a new file named by its zxid. */
    private String current;
    private long lastZxid;
    /** Files appended to since the last batch's syncs were asked for. */
    private final Set<String> dirty = new LinkedHashSet<>();
    private int txnsSinceBatch;

    /** The batch whose syncs are in flight, or null. */
    private Batch inFlight;
    /** Actions waiting for appends no sync covers yet: the next batch's. */
    private final List<Runnable> waiting = new ArrayList<>();

    private long syncs;
    private long txnsSynced;

    private static final class Batch {
        final Set<SyncId> pending = new HashSet<>();
        final List<Runnable> actions = new ArrayList<>();
    }

    /** A log that continues after {@code lastZxid} (what recovery found); its next append starts a new file. */
    public DiskLog(Storage storage, long lastZxid) {
        this.storage = storage;
        this.lastZxid = lastZxid;
    }

    /**
     * <p>Hint (05.2): refuse a zxid that does not grow (IllegalStateException); open a file named
     * after the zxid ({@link LogFormat#fileName}, header first) when none is open; append the
     * record; remember the file as dirty and count the txn for the next batch.
     */
    @Override
    public void append(LoggedTxn txn) {
        // BEGIN SOLUTION 05.2
        long zxid = txn.header().zxid();
        if (zxid <= lastZxid) {
            throw new IllegalStateException("log append of " + Zxid.format(zxid) + " after " + Zxid.format(lastZxid)
                    + ": the log must grow in zxid order");
        }
        if (current == null) {
            current = LogFormat.fileName(zxid);
            storage.append(current, LogFormat.header());
        }
        storage.append(current, LogFormat.record(txn));
        dirty.add(current);
        txnsSinceBatch++;
        lastZxid = zxid;
        // END SOLUTION
    }

    /**
     * <p>Hint (05.2): with something appended since the last batch (dirty files) or actions
     * already waiting, the action waits for the next batch, which starts at once if no sync is
     * in flight; with nothing new and a sync in flight it joins that sync; else it runs now.
     * Respect {@link #MAX_WAITING_ACTIONS}.
     */
    @Override
    public void whenDurable(Runnable action) {
        // BEGIN SOLUTION 05.2
        if (!dirty.isEmpty() || !waiting.isEmpty()) {
            if (waiting.size() >= MAX_WAITING_ACTIONS) {
                throw new IllegalStateException(waiting.size() + " actions wait for one sync: flow control is broken");
            }
            waiting.add(action);
            if (inFlight == null) {
                startBatch();
            }
        } else if (inFlight != null) {
            inFlight.actions.add(action); // the sync in flight covers everything appended, and nobody waits for more
        } else {
            action.run(); // nothing unsynced
        }
        // END SOLUTION
    }

    /** Starts the next log file with the next append (at a snapshot, so old files can be purged). */
    public void roll() {
        current = null;
    }

    /** The state was replaced by a snapshot at {@code zxid}: every log file is void and the log continues after it. */
    @Override
    public void snapshotInstalled(byte[] snapshot, long zxid) {
        for (String file : storage.files()) {
            if (LogFormat.isLogFile(file)) {
                storage.delete(file);
            }
        }
        dirty.clear();
        txnsSinceBatch = 0;
        current = null;
        lastZxid = zxid;
        // Actions waiting for a deleted file's sync still run when it completes: the ACKs of a
        // role that ended are dropped by the replica, and the current role's ack for the
        // snapshot waits for nothing more than what was written (atomically) for it.
    }

    /**
     * Drops every txn above {@code zxid} (a TRUNC): the file holding it is rewritten with the
     * records up to it (atomically, so a crash leaves the old or the new file), later files go.
     */
    @Override
    public void truncate(long zxid) {
        for (String file : storage.files()) {
            if (!LogFormat.isLogFile(file)) {
                continue;
            }
            if (LogFormat.firstZxidOf(file) > zxid) {
                storage.delete(file);
                dirty.remove(file);
                continue;
            }
            LogFormat.Scan scan = LogFormat.scan(file, storage.read(file).orElseThrow());
            List<LoggedTxn> kept = scan.txns().stream().filter(t -> t.header().zxid() <= zxid).toList();
            if (kept.size() < scan.txns().size() || scan.damaged()) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                bytes.writeBytes(LogFormat.header());
                kept.forEach(t -> bytes.writeBytes(LogFormat.record(t)));
                storage.writeAtomically(file, bytes.toByteArray()); // durable at once
                dirty.remove(file);
            }
        }
        current = null;
        lastZxid = zxid;
    }

    /** A sync completed; returns false if it was not one of this log's. */
    /**
     * <p>Hint (05.2): only the batch in flight's syncs are ours. When its last sync completes,
     * start the next batch if actions wait for it, then run the finished batch's actions in order.
     */
    public boolean onSyncCompleted(SyncId sync) {
        // BEGIN SOLUTION 05.2
        if (inFlight == null || !inFlight.pending.remove(sync)) {
            return false;
        }
        if (inFlight.pending.isEmpty()) {
            Batch done = inFlight;
            inFlight = null;
            if (!waiting.isEmpty()) {
                startBatch();
            }
            done.actions.forEach(Runnable::run);
        }
        return true;
        // END SOLUTION
    }

    /** One sync per dirty file covers everything appended so far; the waiting actions go with it. */
    /**
     * <p>Hint (05.2): one {@link Storage#sync} per dirty file; the batch takes the waiting actions.
     * A batch with no file left to sync (a snapshot deleted them) runs its actions at once.
     * Count the batch and its txns ({@link #syncs}, {@link #txnsSynced}).
     */
    private void startBatch() {
        // BEGIN SOLUTION 05.2
        Batch batch = new Batch();
        for (String file : dirty) {
            batch.pending.add(storage.sync(file));
        }
        batch.actions.addAll(waiting);
        waiting.clear();
        dirty.clear();
        if (batch.pending.isEmpty()) { // its files were deleted (a snapshot replaced them): nothing to wait for
            batch.actions.forEach(Runnable::run);
            return;
        }
        syncs++;
        txnsSynced += txnsSinceBatch;
        txnsSinceBatch = 0;
        inFlight = batch;
        // END SOLUTION
    }

    public long lastZxid() {
        return lastZxid;
    }

    /** Batches synced (or in flight) so far. */
    public long syncs() {
        return syncs;
    }

    /** Txns those batches covered: {@code txnsSynced() / syncs()} txns per sync on average. */
    public long txnsSynced() {
        return txnsSynced;
    }

    @Override
    public String toString() {
        return "DiskLog[" + (current == null ? "no open file" : current) + ", last " + Zxid.format(lastZxid)
                + ", " + syncs + " syncs for " + txnsSynced + " txns" + (inFlight == null ? "" : ", a sync in flight") + "]";
    }
}
