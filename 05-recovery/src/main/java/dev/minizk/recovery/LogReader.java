package dev.minizk.recovery;

import dev.minizk.sim.Storage;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Learner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a server's txn log back at a restart, file by file in zxid order, and repairs it: at the
 * first record that is not whole and valid (a crash tore it, or left only part of the unsynced
 * tail) the file is cut back to the valid prefix and every later file is deleted; so is a file
 * that does not start right after the one before (which lost its unsynced tail cleanly). Nothing after
 * a bad record is applied, even records that look valid: a txn after a gap is not the next txn.
 */
public final class LogReader {

    private LogReader() {
    }

    /** Every valid txn of the log, in zxid order; the damaged tail, if any, is gone from the disk afterwards. */
    /**
     * <p>Hint (05.3): scan the log files in name order ({@link LogFormat#scan}), collecting txns.
     * A file that does not start right after the txns so far ({@link dev.minizk.zab.Learner#follows})
     * is deleted with every later one; at a damaged file, {@link #repair} it and delete every later
     * one ({@link #deleteFrom}). Stop there.
     */
    public static List<LoggedTxn> recover(Storage storage, Consumer<String> trace) {
        // BEGIN SOLUTION 05.3
        List<String> files = storage.files().stream().filter(LogFormat::isLogFile).toList(); // sorted: zxid order
        List<LoggedTxn> txns = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            byte[] bytes = storage.read(file).orElseThrow();
            LogFormat.Scan scan = LogFormat.scan(file, bytes);
            // The file before may have lost its unsynced tail cleanly: then this one starts after a gap.
            boolean continues = txns.isEmpty() || Learner.follows(txns.get(txns.size() - 1).header().zxid(), LogFormat.firstZxidOf(file));
            if (!continues) {
                trace.accept("log " + file + " does not continue the file before it (which ends at "
                        + Zxid.format(txns.get(txns.size() - 1).header().zxid()) + "): it and every later file deleted");
                deleteFrom(storage, files, i, trace);
                break;
            }
            txns.addAll(scan.txns());
            if (scan.damaged()) {
                repair(storage, file, bytes, scan, trace);
                deleteFrom(storage, files, i + 1, trace);
                break;
            }
        }
        return txns;
        // END SOLUTION
    }

    /** Every txn of the log as it is on disk, in zxid order: after {@link #recover} repaired it, all of them valid. */
    public static List<LoggedTxn> read(Storage storage) {
        List<LoggedTxn> txns = new ArrayList<>();
        for (String file : storage.files().stream().filter(LogFormat::isLogFile).toList()) {
            txns.addAll(LogFormat.scan(file, storage.read(file).orElseThrow()).txns());
        }
        return txns;
    }

    /** Cuts the file back to its valid prefix (rewritten atomically; a file with no valid record goes). */
    private static void repair(Storage storage, String file, byte[] bytes, LogFormat.Scan scan, Consumer<String> trace) {
        String last = scan.txns().isEmpty() ? "no txn" : Zxid.format(scan.txns().get(scan.txns().size() - 1).header().zxid());
        trace.accept("log " + file + " damaged " + scan.damage() + ": cut back to " + scan.validLength() + " of "
                + bytes.length + " bytes (last valid txn " + last + ")");
        if (scan.txns().isEmpty()) {
            storage.delete(file);
        } else {
            storage.writeAtomically(file, Arrays.copyOf(bytes, scan.validLength()));
        }
    }

    private static void deleteFrom(Storage storage, List<String> files, int from, Consumer<String> trace) {
        for (String later : files.subList(Math.min(from, files.size()), files.size())) {
            trace.accept("log " + later + " follows a damaged record: deleted unread");
            storage.delete(later);
        }
    }
}
