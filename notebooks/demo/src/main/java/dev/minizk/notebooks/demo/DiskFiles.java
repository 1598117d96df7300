package dev.minizk.notebooks.demo;

import dev.minizk.recovery.LogFormat;
import dev.minizk.recovery.SnapshotFormat;
import dev.minizk.sim.SimDisk;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.TreeSnapshot;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a simulated server's disk holds, as stage 05 writes it: the file listing, the txn log's
 * records and a snapshot opened, all read with stage 05's own formats ({@link LogFormat},
 * {@link SnapshotFormat}) from the bytes on the disk, unsynced tail included.
 */
public final class DiskFiles {

    /** A snapshot file opened: the zxids it spans (fuzzy: taken while txns kept being applied), its tree and sessions. */
    public record OpenedSnapshot(String file, long startZxid, long endZxid, DataTree tree, Map<Long, Integer> sessions) {
        /** A header line, then one line per znode (its Stat and data), then the sessions. */
        public String text() {
            StringBuilder text = new StringBuilder(String.format("%s: begun at %s, ended at %s, %d znodes, %d sessions%n",
                    file, Zxid.format(startZxid), Zxid.format(endZxid), tree.nodeCount(), sessions.size()));
            List<String> paths = new ArrayList<>(tree.paths());
            Collections.sort(paths);
            for (String path : paths) {
                text.append("  ").append(Format.stat(path, tree.stat(path)))
                        .append("  data=\"").append(new String(tree.getData(path), StandardCharsets.UTF_8)).append("\"\n");
            }
            sessions.forEach((id, timeout) -> text.append("  session ").append(Format.session(id)).append(" timeout ").append(timeout).append(" ms\n"));
            return text.toString();
        }
    }

    private DiskFiles() {
    }

    /** One line per file, in name order: its size, what is not yet synced, and what it holds. */
    public static String listing(SimDisk disk) {
        StringBuilder text = new StringBuilder();
        for (String file : sorted(disk)) {
            byte[] bytes = disk.read(file).orElseThrow();
            String holds;
            if (LogFormat.isLogFile(file)) {
                LogFormat.Scan scan = LogFormat.scan(file, bytes);
                holds = scan.txns().size() + " txns" + (scan.txns().isEmpty() ? "" : ", " + Zxid.format(scan.txns().get(0).header().zxid())
                        + " to " + Zxid.format(scan.txns().get(scan.txns().size() - 1).header().zxid()))
                        + (scan.damaged() ? ", then damage: " + scan.damage() : "");
            } else if (SnapshotFormat.isSnapshotFile(file)) {
                OpenedSnapshot snapshot = open(disk, file);
                holds = "snapshot begun at " + Zxid.format(snapshot.startZxid()) + ", ended at " + Zxid.format(snapshot.endZxid())
                        + ", " + snapshot.tree().nodeCount() + " znodes";
            } else {
                holds = "\"" + new String(bytes, StandardCharsets.UTF_8).strip() + "\"";
            }
            int unsynced = disk.unsyncedBytes(file);
            text.append(String.format("  %-26s %6d bytes%s  %s%n", file, bytes.length, unsynced == 0 ? "" : " (" + unsynced + " unsynced)", holds));
        }
        return text.toString();
    }

    /** Every record of every log file, files in zxid order, each up to its first damaged record. */
    public static List<LoggedTxn> log(SimDisk disk) {
        List<LoggedTxn> txns = new ArrayList<>();
        for (String file : sorted(disk)) {
            if (LogFormat.isLogFile(file)) {
                txns.addAll(LogFormat.scan(file, disk.read(file).orElseThrow()).txns());
            }
        }
        return txns;
    }

    /** A txn on one line: {@code 0x1_00000005  Create /items/a}. */
    public static String describe(LoggedTxn txn) {
        String path = txn.txn().path();
        return Zxid.format(txn.header().zxid()) + "  " + txn.txn().getClass().getSimpleName() + (path == null ? "" : " " + path);
    }

    /** The snapshot with the highest start zxid, if the disk holds one. */
    public static Optional<String> newestSnapshot(SimDisk disk) {
        return disk.files().stream().filter(SnapshotFormat::isSnapshotFile).max(Comparator.comparingLong(SnapshotFormat::zxidOf));
    }

    /** Decodes a snapshot file: stage 05's frame (zxids, checksum), then the tree and the session table inside it. */
    public static OpenedSnapshot open(SimDisk disk, String file) {
        byte[] bytes = disk.read(file).orElseThrow(() -> new IllegalArgumentException("no file " + file + " on this disk"));
        try {
            SnapshotFormat.Snapshot snapshot = SnapshotFormat.decode(bytes);
            DataInputStream body = new DataInputStream(new ByteArrayInputStream(snapshot.body()));
            DataTree tree = TreeSnapshot.read(body);
            Map<Long, Integer> sessions = new TreeMap<>();
            for (int count = body.readInt(); count > 0; count--) {
                sessions.put(body.readLong(), body.readInt());
            }
            return new OpenedSnapshot(file, snapshot.startZxid(), snapshot.endZxid(), tree, sessions);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot " + file + " does not decode", e);
        }
    }

    private static List<String> sorted(SimDisk disk) {
        List<String> files = new ArrayList<>(disk.files());
        Collections.sort(files);
        return files;
    }
}
