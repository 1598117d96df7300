package dev.minizk.recovery;

import dev.minizk.replica.TreeState;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.apache.zookeeper.server.persistence.Util;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots on real files, ours against ZooKeeper 3.9.5's {@code FileSnap}, of the same tree
 * ({@link BenchData}: 100,000 nodes of 128 bytes and 1,000 sessions by default):
 * <ul>
 *   <li>{@code snapshotWrite}: the whole state to a new snapshot file, forced to the disk. Ours
 *   is what {@link DiskPersistence} does, in one step instead of a few nodes per event: the
 *   fuzzy walk ({@link FuzzySnapshot}), {@link SnapshotFormat#encode} (header, Adler32), one
 *   append and a sync. ZooKeeper's is {@code FileSnap.serialize(tree, sessions, file, fsync=true)}
 *   (header, tree, sessions through an Adler32 stream into a temporary file, forced, renamed).</li>
 *   <li>{@code snapshotRestore}: a fresh state from the directory holding that one snapshot.
 *   Ours is {@link Recovery#restore} (the log is empty), ZooKeeper's {@code FileSnap.deserialize}
 *   (finds the newest valid snapshot, reads it, checks the checksum).</li>
 * </ul>
 * Each write goes to a file that does not exist yet (the last one is deleted before the op,
 * outside the timing). Run with {@code ./bench 05 SnapshotFileBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotFileBench {

    @State(Scope.Thread)
    public static class Ours {
        TreeState state;
        Path directory;
        BenchFileStorage storage;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            state = BenchData.ourState();
            directory = BenchData.tempDirectory("minizk-snap-bench");
            storage = new BenchFileStorage(directory);
        }

        /** What is left of the last op goes before the next, untimed: a write starts with no file. */
        @Setup(Level.Invocation)
        public void clean() {
            storage.files().forEach(storage::delete);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            storage.close();
            BenchData.deleteRecursively(directory);
        }
    }

    @State(Scope.Thread)
    public static class ZooKeeper {
        DataTree tree;
        Map<Long, Integer> sessions;
        Path directory;
        FileSnap snap;

        @Setup(Level.Trial)
        public void setUp() {
            tree = BenchData.zookeeperTree();
            sessions = BenchData.zookeeperSessions();
            directory = BenchData.tempDirectory("zookeeper-snap-bench");
            snap = new FileSnap(directory.toFile());
        }

        @Setup(Level.Invocation)
        public void clean() {
            BenchData.deleteFiles(directory);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            BenchData.deleteRecursively(directory);
        }
    }

    /** A directory holding one snapshot of ours, for the restore. */
    @State(Scope.Thread)
    public static class OurSnapshot {
        Path directory;
        BenchFileStorage storage;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = BenchData.tempDirectory("minizk-restore-bench");
            storage = new BenchFileStorage(directory);
            TreeState state = BenchData.ourState();
            write(state, storage);
            int restored = snapshotRestore(this).tree().nodeCount();
            if (restored != state.tree().nodeCount()) {
                throw new IllegalStateException("the snapshot restored " + restored + " of " + state.tree().nodeCount() + " nodes");
            }
            printSize("minizk", restored, directory);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            storage.close();
            BenchData.deleteRecursively(directory);
        }
    }

    /** A directory holding one snapshot of ZooKeeper's, for the restore. */
    @State(Scope.Thread)
    public static class ZooKeeperSnapshot {
        Path directory;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            directory = BenchData.tempDirectory("zookeeper-restore-bench");
            DataTree tree = BenchData.zookeeperTree();
            new FileSnap(directory.toFile()).serialize(tree, BenchData.zookeeperSessions(), snapshotFile(directory, tree), true);
            int restored = snapshotRestore(this).getNodeCount();
            if (restored != tree.getNodeCount()) {
                throw new IllegalStateException("the snapshot restored " + restored + " of " + tree.getNodeCount() + " nodes");
            }
            printSize("ZooKeeper", restored, directory);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            BenchData.deleteRecursively(directory);
        }
    }

    /** DiskPersistence's snapshot, all in one step: walk, encode, append, sync. */
    static String write(TreeState state, BenchFileStorage storage) {
        FuzzySnapshot walk = new FuzzySnapshot(state);
        walk.step(Integer.MAX_VALUE);
        String file = SnapshotFormat.fileName(walk.startZxid());
        storage.append(file, SnapshotFormat.encode(walk.startZxid(), state.lastDeliveredZxid(), walk.body()));
        storage.sync(file);
        storage.completeSyncs(sync -> {
        });
        return file;
    }

    /** A line ./bench collects under its table. */
    static void printSize(String side, int nodes, Path directory) throws IOException {
        long bytes = 0;
        for (File file : directory.toFile().listFiles()) {
            bytes += file.length();
        }
        System.out.printf(Locale.ROOT, "%nsnapshot file size (%s, %d nodes): %,d bytes%n", side, nodes, bytes);
    }

    static File snapshotFile(Path directory, DataTree tree) {
        return new File(directory.toFile(), Util.makeSnapshotName(tree.lastProcessedZxid));
    }

    @Benchmark
    public String snapshotWrite_minizk(Ours ours) {
        return write(ours.state, ours.storage);
    }

    @Benchmark
    public File snapshotWrite_zookeeper(ZooKeeper zk) throws IOException {
        File file = snapshotFile(zk.directory, zk.tree);
        zk.snap.serialize(zk.tree, zk.sessions, file, true);
        return file;
    }

    @Benchmark
    public TreeState snapshotRestore_minizk(OurSnapshot snapshot) {
        return snapshotRestore(snapshot);
    }

    static TreeState snapshotRestore(OurSnapshot snapshot) {
        TreeState state = new TreeState();
        Recovery.restore(snapshot.storage, state, line -> {
        });
        return state;
    }

    @Benchmark
    public DataTree snapshotRestore_zookeeper(ZooKeeperSnapshot snapshot) throws IOException {
        return snapshotRestore(snapshot);
    }

    static DataTree snapshotRestore(ZooKeeperSnapshot snapshot) throws IOException {
        DataTree tree = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        new FileSnap(snapshot.directory.toFile()).deserialize(tree, sessions);
        return tree;
    }
}
