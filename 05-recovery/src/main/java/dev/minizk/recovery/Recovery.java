package dev.minizk.recovery;

import dev.minizk.sim.Storage;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Learner;
import dev.minizk.zab.ReplicatedState;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a server does with its disk when it starts (ZooKeeper's {@code FileTxnSnapLog.restore}):
 * read the log back (a torn tail cut off), load the newest valid snapshot the log can bring up
 * to date, replay the log over it, and hand back what remains.
 *
 * <p>The log's txns up to the snapshot's end were delivered by this server before (the snapshot
 * holds some of their effects), so they are replayed at once: only then is the fuzzy image a
 * state that ever existed. The txns after it were logged but this server cannot tell whether
 * they were committed: they go back into the history as logged, and the next leader decides.
 */
public final class Recovery {

    private Recovery() {
    }

    /** The outcome: the state was restored to {@code deliveredZxid}; {@code uncommitted} were logged above it. */
    public record Restored(long deliveredZxid, List<LoggedTxn> uncommitted, String snapshot) {
    }

    /**
     * <p>Hint (05.3): read the log first ({@link LogReader#recover}). Then try snapshots newest
     * first: an invalid one ({@link SnapshotFormat#decode} throws) is deleted, one the log cannot
     * bring up to its end ({@link #gap}) is skipped; the first good one is restored at its start
     * zxid, the log's txns up to its end are delivered, the rest returned as logged. Without one,
     * the log must begin at the first txn ever, or the server refuses to start.
     */
    public static Restored restore(Storage storage, ReplicatedState state, Consumer<String> trace) {
        // BEGIN SOLUTION 05.3
        List<LoggedTxn> log = LogReader.recover(storage, trace);
        List<String> snapshots = new ArrayList<>(storage.files().stream().filter(SnapshotFormat::isSnapshotFile).toList());
        snapshots.sort(Comparator.comparingLong(SnapshotFormat::zxidOf).reversed());
        for (String file : snapshots) {
            SnapshotFormat.Snapshot snapshot;
            try {
                snapshot = SnapshotFormat.decode(storage.read(file).orElseThrow());
            } catch (IOException e) {
                trace.accept("snapshot " + file + " is not valid (" + e.getMessage() + "): deleted");
                storage.delete(file); // its name must be free for the next snapshot at that zxid
                continue;
            }
            String gap = gap(snapshot, log);
            if (gap != null) {
                trace.accept("snapshot " + file + " skipped: " + gap);
                continue;
            }
            state.restore(snapshot.body(), snapshot.startZxid());
            List<LoggedTxn> above = new ArrayList<>();
            for (LoggedTxn txn : log) {
                long zxid = txn.header().zxid();
                if (zxid > snapshot.endZxid()) {
                    above.add(txn);
                } else if (zxid > snapshot.startZxid()) {
                    state.deliver(txn); // idempotent over the fuzzy image
                }
            }
            trace.accept("recovered from " + file + " (" + Zxid.format(snapshot.startZxid()) + " to " + Zxid.format(snapshot.endZxid())
                    + ") and the log: delivered up to " + Zxid.format(state.lastDeliveredZxid()) + ", " + above.size() + " txns logged above");
            return new Restored(state.lastDeliveredZxid(), above, file);
        }
        if (!log.isEmpty() && !Learner.follows(0, log.get(0).header().zxid())) {
            throw new IllegalStateException("no usable snapshot, and the log begins at " + Zxid.format(log.get(0).header().zxid())
                    + ", not at the first txn: the txns before it are lost; refusing to start");
        }
        trace.accept("no snapshot: " + log.size() + " txns in the log, all logged above an empty state");
        return new Restored(0, log, null);
        // END SOLUTION
    }

    /** Why the log cannot bring this snapshot up to date, or null if it can. */
    private static String gap(SnapshotFormat.Snapshot snapshot, List<LoggedTxn> log) {
        LoggedTxn first = log.stream().filter(t -> t.header().zxid() > snapshot.startZxid()).findFirst().orElse(null);
        if (snapshot.endZxid() == snapshot.startZxid()) {
            return first == null || Learner.follows(snapshot.startZxid(), first.header().zxid()) ? null
                    : "the log resumes at " + Zxid.format(first.header().zxid()) + ", not right after it";
        }
        if (first == null || !Learner.follows(snapshot.startZxid(), first.header().zxid())) {
            return "the log does not hold the txns right after its start " + Zxid.format(snapshot.startZxid());
        }
        boolean reachesEnd = log.stream().anyMatch(t -> t.header().zxid() == snapshot.endZxid());
        return reachesEnd ? null : "the log does not reach its end " + Zxid.format(snapshot.endZxid());
    }
}
