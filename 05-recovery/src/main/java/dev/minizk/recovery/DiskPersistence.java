package dev.minizk.recovery;

import dev.minizk.replica.Persistence;
import dev.minizk.replica.DataTreeState;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerTag;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ReplicatedState;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.TxnLog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A replica's disk: the txn log ({@link DiskLog}), fuzzy snapshots and the two epoch files. One
 * object per incarnation; {@link #recover} reads back what the last one left.
 *
 * <p>Snapshots follow ZooKeeper: after a random count of logged txns in {@code [snapCount/2,
 * snapCount)} the log is rolled to a new file and a fuzzy snapshot of the delivered state starts;
 * it is written a few nodes per {@link SnapshotTimer#STEP} while txns keep being applied. When
 * the walk ends, the file is written once the log holds every txn the image may contain (so
 * that recovery can always replay up to its end), and synced; once that sync completes, old
 * snapshots and the log files only they needed are purged. A SNAP from a leader replaces all of
 * it: its state is written as a snapshot at once and every log file is deleted.
 */
public final class DiskPersistence implements Persistence {
    private final RecoveryConfig config;
    private NodeContext<PeerMessage> ctx;
    private Storage storage;
    private DataTreeState state;
    private DiskLog log;

    private long txnsSinceSnapshot;
    private long nextSnapshotAt;
    private FuzzySnapshot walk;
    /** Bumped by every SNAP: a snapshot begun before one must not be written after it. */
    private int generation;
    private final Map<SyncId, String> snapshotSyncs = new HashMap<>();
    private long snapshotsWritten;
    private Recovery.Restored restored;

    public DiskPersistence(RecoveryConfig config) {
        this.config = config;
    }

    @Override
    public Recovered recover(NodeContext<PeerMessage> context, ReplicatedState replicated) {
        if (!(replicated instanceof DataTreeState tree)) {
            throw new IllegalArgumentException("fuzzy snapshots walk the data tree: the state must be a DataTreeState, got " + replicated);
        }
        this.ctx = context;
        this.storage = context.storage();
        this.state = tree;
        long accepted = EpochFiles.read(storage, EpochFiles.ACCEPTED);
        long current = EpochFiles.read(storage, EpochFiles.CURRENT);
        restored = Recovery.restore(storage, state, ctx::trace);
        long lastLogged = restored.uncommitted().isEmpty() ? restored.deliveredZxid()
                : restored.uncommitted().get(restored.uncommitted().size() - 1).header().zxid();
        if (Zxid.epochOf(lastLogged) > accepted) {
            // A server logs a proposal only from a leader whose epoch it accepted (and wrote down first).
            throw new IllegalStateException("server " + context.id() + " logged " + Zxid.format(lastLogged)
                    + " but accepted only epoch " + accepted + ": refusing to start");
        }
        // An epoch above currentEpoch (but not above acceptedEpoch) is allowed: proposals of the new
        // epoch may be logged while the NEWLEADER ack waits for its sync; none of them was acked.
        log = new DiskLog(storage, lastLogged);
        nextSnapshotAt = drawSnapshotCount();
        ctx.trace("recovered: accepted e" + accepted + ", current e" + current + ", delivered "
                + Zxid.format(restored.deliveredZxid()) + ", logged " + Zxid.format(lastLogged));
        return new Recovered(accepted, current, new SnapshottingLog(), restored.uncommitted(),
                committedTail(LogReader.read(storage), restored.deliveredZxid()));
    }

    /**
     * The txns of the log up to the recovered state, {@code deliveredZxid}: those replayed over
     * the snapshot and the older ones the log still holds, all of them delivered by this server
     * before its crash, so committed. Only the unbroken run ending at the state counts (a leader
     * DIFFs from it); without one, nothing.
     */
    private static List<LoggedTxn> committedTail(List<LoggedTxn> log, long deliveredZxid) {
        int end = 0;
        while (end < log.size() && log.get(end).header().zxid() <= deliveredZxid) {
            end++;
        }
        if (end == 0 || log.get(end - 1).header().zxid() != deliveredZxid) {
            return List.of();
        }
        int start = end - 1;
        while (start > 0 && Learner.follows(log.get(start - 1).header().zxid(), log.get(start).header().zxid())) {
            start--;
        }
        return log.subList(start, end);
    }

    @Override
    public SyncPlan.Policy syncPolicy() {
        return SyncPolicy.ZOOKEEPER;
    }

    @Override
    public void saveAcceptedEpoch(long epoch) {
        EpochFiles.write(storage, EpochFiles.ACCEPTED, epoch);
    }

    @Override
    public void saveCurrentEpoch(long epoch) {
        EpochFiles.write(storage, EpochFiles.CURRENT, epoch);
    }

    @Override
    public void onSyncCompleted(SyncId sync) {
        if (log.onSyncCompleted(sync)) {
            return;
        }
        String snapshot = snapshotSyncs.remove(sync);
        if (snapshot == null) {
            throw new IllegalStateException("a sync nobody asked for completed: " + sync);
        }
        snapshotsWritten++;
        ctx.trace("snapshot " + snapshot + " durable");
        purge();
    }

    @Override
    public boolean onTimer(TimerTag tag) {
        if (tag != SnapshotTimer.STEP) {
            return false;
        }
        if (walk != null) {
            if (walk.step(config.nodesPerStep())) {
                finishWalk();
            } else {
                ctx.setTimer(config.stepMillis(), SnapshotTimer.STEP);
            }
        }
        return true;
    }

    /** ZooKeeper's randomized trigger: somewhere in {@code [snapCount/2, snapCount)}. */
    private long drawSnapshotCount() {
        int half = config.snapCount() / 2;
        return half + ctx.random().nextInt(config.snapCount() - half);
    }

    /**
     * <p>Hint (05.6): count the txn; at {@code nextSnapshotAt} reset the count, draw the next one
     * ({@link #drawSnapshotCount}) and roll the log; unless a walk is still running, start a
     * {@link FuzzySnapshot} and its first {@link SnapshotTimer#STEP}.
     */
    private void maybeStartSnapshot() {
        // BEGIN SOLUTION 05.6
        if (++txnsSinceSnapshot < nextSnapshotAt) {
            return;
        }
        txnsSinceSnapshot = 0;
        nextSnapshotAt = drawSnapshotCount();
        log.roll();
        if (walk != null) {
            ctx.trace("too busy to snapshot: the last one is still being written");
            return;
        }
        walk = new FuzzySnapshot(state);
        ctx.setTimer(config.stepMillis(), SnapshotTimer.STEP);
        // STUB: return;
        // END SOLUTION
    }

    /**
     * <p>Hint (05.6): encode the snapshot from the walk's start to what the state delivered now;
     * once the log is durable ({@link DiskLog#whenDurable}) and no SNAP came in between
     * ({@code generation}) and no file has that name, append it and sync it, remembering the sync.
     */
    private void finishWalk() {
        // BEGIN SOLUTION 05.6
        long start = walk.startZxid();
        long end = state.lastDeliveredZxid();
        byte[] bytes = SnapshotFormat.encode(start, end, walk.body());
        walk = null;
        int generationAtEnd = generation;
        String file = SnapshotFormat.fileName(start);
        log.whenDurable(() -> { // every txn the image may hold is in the log, durably
            if (generation != generationAtEnd || storage.read(file).isPresent()) {
                return; // a SNAP replaced the state, or a snapshot at this zxid exists already
            }
            storage.append(file, bytes);
            snapshotSyncs.put(storage.sync(file), file);
        });
        // END SOLUTION
    }

    /** Keeps the newest {@code snapRetainCount} snapshots and the log files they need; deletes the rest. */
    /**
     * <p>Hint (05.6): among the snapshots whose sync completed, keep the newest
     * {@code snapRetainCount}; delete the others, and every log file whose next file starts at or
     * below the oldest kept snapshot's zxid + 1.
     */
    private void purge() {
        // BEGIN SOLUTION 05.6
        // Only durable snapshots count: one whose sync is in flight may yet be lost to a crash.
        List<String> snapshots = new ArrayList<>(storage.files().stream().filter(SnapshotFormat::isSnapshotFile)
                .filter(file -> !snapshotSyncs.containsValue(file)).toList());
        snapshots.sort(Comparator.comparingLong(SnapshotFormat::zxidOf).reversed());
        if (snapshots.size() <= config.snapRetainCount()) {
            return;
        }
        for (String old : snapshots.subList(config.snapRetainCount(), snapshots.size())) {
            storage.delete(old);
        }
        long oldestKept = SnapshotFormat.zxidOf(snapshots.get(config.snapRetainCount() - 1));
        List<String> logs = storage.files().stream().filter(LogFormat::isLogFile).toList();
        for (int i = 0; i + 1 < logs.size(); i++) {
            if (LogFormat.firstZxidOf(logs.get(i + 1)) <= oldestKept + 1) {
                storage.delete(logs.get(i)); // every txn in it is at or below the oldest snapshot kept
            }
        }
        // END SOLUTION
    }

    /** A SNAP from the leader: its state, written at once; the old log and snapshots are void. */
    private void snapshotInstalled(byte[] snapshot, long zxid) {
        generation++;
        walk = null;
        txnsSinceSnapshot = 0;
        log.snapshotInstalled(snapshot, zxid);
        String file = SnapshotFormat.fileName(zxid);
        storage.writeAtomically(file, SnapshotFormat.encode(zxid, zxid, snapshot));
        for (String other : storage.files()) {
            if (SnapshotFormat.isSnapshotFile(other) && !other.equals(file)) {
                storage.delete(other);
            }
        }
        snapshotsWritten++;
    }

    /** The log the history writes to: the disk log, counting txns towards the next snapshot. */
    private final class SnapshottingLog implements TxnLog {
        @Override
        public void append(LoggedTxn txn) {
            log.append(txn);
            maybeStartSnapshot();
        }

        @Override
        public void whenDurable(Runnable action) {
            log.whenDurable(action);
        }

        @Override
        public void snapshotInstalled(byte[] snapshot, long zxid) {
            DiskPersistence.this.snapshotInstalled(snapshot, zxid);
        }

        @Override
        public void truncate(long zxid) {
            log.truncate(zxid);
        }
    }

    // ------------------------------------------------------------------ what tests and the fuzzer see

    public DiskLog log() {
        return log;
    }

    /** What the start of this incarnation recovered. */
    public Recovery.Restored restored() {
        return restored;
    }

    public long snapshotsWritten() {
        return snapshotsWritten;
    }

    @Override
    public String toString() {
        return "DiskPersistence[" + log + ", " + snapshotsWritten + " snapshots" + (walk == null ? "" : ", one being written") + "]";
    }
}
