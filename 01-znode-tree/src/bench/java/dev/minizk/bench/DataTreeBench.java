package dev.minizk.bench;

import dev.minizk.tree.Acl;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.Znode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Point operations on a 1,000,000-node tree, ours against ZooKeeper 3.9.5's {@code DataTree},
 * in the same run, on the same tree, with the same paths in the same (shuffled) order.
 *
 * <ul>
 *   <li>{@code getData}: the data and the Stat of one node, what a getData reply carries
 *       (ZooKeeper: {@code getData(path, stat, null)}; ours: {@code node(path)}, {@code data()}, {@code stat()}).</li>
 *   <li>{@code getChildren}: a copy of the 1,000 child names of one parent.</li>
 *   <li>{@code setData}: a new 16-byte value, version, zxid and time on one node.</li>
 *   <li>{@code createDelete}: create a leaf under one parent and delete it again, so the tree stays
 *       at its size however many invocations JMH runs (a create alone would grow it without bound).</li>
 * </ul>
 * The changing primitives are called directly ({@code createNode}, {@code deleteNode}, {@code setData}),
 * as each side's txn processor does; ZooKeeper's run with its defaults (digest on, no watches).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataTreeBench {

    /** A cursor over shared, precomputed paths; one per benchmark thread. */
    @State(Scope.Thread)
    public static class Cursor {
        String[] children;
        String[] parents;
        String[] fresh;
        int next;
        long zxid = 10_000_000L;
        int version;
        byte[][] values = new byte[64][];

        @Setup(Level.Trial)
        public void setUp() {
            children = BenchTrees.shuffledChildren(42);
            parents = new String[BenchTrees.PARENTS];
            fresh = new String[BenchTrees.PARENTS];
            for (int p = 0; p < parents.length; p++) {
                parents[p] = BenchTrees.parent(p);
                fresh[p] = BenchTrees.parent(p) + "/new";
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = BenchTrees.data(-i);
            }
        }

        String child() {
            int i = next++;
            if (next == children.length) {
                next = 0;
            }
            return children[i];
        }

        int parentIndex() {
            int i = next++;
            if (next == children.length) {
                next = 0;
            }
            return i % parents.length;
        }
    }

    @State(Scope.Benchmark)
    public static class Ours {
        DataTree tree;

        @Setup(Level.Trial)
        public void setUp() {
            tree = BenchTrees.ours();
        }
    }

    @State(Scope.Benchmark)
    public static class ZooKeeper {
        org.apache.zookeeper.server.DataTree tree;

        @Setup(Level.Trial)
        public void setUp() {
            tree = BenchTrees.zookeeper();
        }
    }

    // ---------------------------------------------------------------- getData

    @Benchmark
    public void getData_minizk(Ours ours, Cursor cursor, Blackhole bh) {
        Znode node = ours.tree.node(cursor.child());
        bh.consume(node.data());
        bh.consume(node.stat());
    }

    @Benchmark
    public void getData_zookeeper(ZooKeeper zk, Cursor cursor, Blackhole bh) throws KeeperException {
        Stat stat = new Stat();
        bh.consume(zk.tree.getData(cursor.child(), stat, null));
        bh.consume(stat);
    }

    // ---------------------------------------------------------------- getChildren

    @Benchmark
    public void getChildren_minizk(Ours ours, Cursor cursor, Blackhole bh) {
        bh.consume(ours.tree.getChildren(cursor.parents[cursor.parentIndex()]));
    }

    @Benchmark
    public void getChildren_zookeeper(ZooKeeper zk, Cursor cursor, Blackhole bh) throws KeeperException {
        bh.consume(zk.tree.getChildren(cursor.parents[cursor.parentIndex()], null, null));
    }

    // ---------------------------------------------------------------- setData

    @Benchmark
    public void setData_minizk(Ours ours, Cursor cursor, Blackhole bh) {
        long zxid = ++cursor.zxid;
        bh.consume(ours.tree.setData(cursor.child(), cursor.values[(int) (zxid & 63)], ++cursor.version, zxid,
                BenchTrees.TIME + zxid));
    }

    @Benchmark
    public void setData_zookeeper(ZooKeeper zk, Cursor cursor, Blackhole bh) throws KeeperException {
        long zxid = ++cursor.zxid;
        bh.consume(zk.tree.setData(cursor.child(), cursor.values[(int) (zxid & 63)], ++cursor.version, zxid,
                BenchTrees.TIME + zxid));
    }

    // ---------------------------------------------------------------- create + delete

    @Benchmark
    public void createDelete_minizk(Ours ours, Cursor cursor, Blackhole bh) {
        int p = cursor.parentIndex();
        String path = cursor.fresh[p];
        long zxid = ++cursor.zxid;
        bh.consume(ours.tree.createNode(path, cursor.values[(int) (zxid & 63)], Acl.OPEN_ACL_UNSAFE, 0, -1, zxid,
                BenchTrees.TIME + zxid));
        ours.tree.deleteNode(path, ++cursor.zxid);
    }

    @Benchmark
    public void createDelete_zookeeper(ZooKeeper zk, Cursor cursor, Blackhole bh) throws KeeperException {
        int p = cursor.parentIndex();
        String path = cursor.fresh[p];
        long zxid = ++cursor.zxid;
        Stat stat = new Stat(); // ZooKeeper's create2/createContainer/createTTL fill one, as ours returns one
        zk.tree.createNode(path, cursor.values[(int) (zxid & 63)], ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, zxid,
                BenchTrees.TIME + zxid, stat);
        bh.consume(stat);
        zk.tree.deleteNode(path, ++cursor.zxid);
    }
}
