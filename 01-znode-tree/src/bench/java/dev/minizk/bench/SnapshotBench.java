package dev.minizk.bench;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.TreeSnapshot;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot of the 1,000,000-node tree to bytes in memory, and a fresh tree restored from them:
 * ours ({@link TreeSnapshot#serialize} / {@link TreeSnapshot#deserialize}) against ZooKeeper's
 * ({@code DataTree.serialize(BinaryOutputArchive, tag)} / {@code deserialize}, the tree part of
 * {@code SerializeUtils.serializeSnapshot}; no file, no checksum, on either side).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBench {

    @State(Scope.Benchmark)
    public static class OurTree {
        DataTree tree;

        @Setup(Level.Trial)
        public void setUp() {
            tree = BenchTrees.ours();
        }
    }

    @State(Scope.Benchmark)
    public static class ZkTree {
        org.apache.zookeeper.server.DataTree tree;

        @Setup(Level.Trial)
        public void setUp() {
            tree = BenchTrees.zookeeper();
        }
    }

    @State(Scope.Benchmark)
    public static class OurBytes {
        byte[] bytes;

        @Setup(Level.Trial)
        public void setUp() {
            bytes = TreeSnapshot.serialize(BenchTrees.ours());
        }
    }

    @State(Scope.Benchmark)
    public static class ZkBytes {
        byte[] bytes;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            bytes = zkSerialize(BenchTrees.zookeeper());
        }
    }

    static byte[] zkSerialize(org.apache.zookeeper.server.DataTree tree) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        tree.serialize(BinaryOutputArchive.getArchive(bytes), "tree");
        return bytes.toByteArray();
    }

    @Benchmark
    public byte[] serialize_minizk(OurTree ours) {
        return TreeSnapshot.serialize(ours.tree);
    }

    @Benchmark
    public byte[] serialize_zookeeper(ZkTree zk) throws IOException {
        return zkSerialize(zk.tree);
    }

    @Benchmark
    public DataTree restore_minizk(OurBytes ours) throws IOException {
        return TreeSnapshot.deserialize(ours.bytes);
    }

    @Benchmark
    public org.apache.zookeeper.server.DataTree restore_zookeeper(ZkBytes zk) throws IOException {
        org.apache.zookeeper.server.DataTree tree = new org.apache.zookeeper.server.DataTree();
        tree.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(zk.bytes)), "tree");
        return tree;
    }
}
