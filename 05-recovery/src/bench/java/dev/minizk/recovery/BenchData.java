package dev.minizk.recovery;

import dev.minizk.replica.TreeState;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.Request;
import org.apache.zookeeper.txn.CreateTxn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The same txns and the same tree on both sides of stage 05's benchmarks. A txn is a create of
 * a persistent node with {@link #DATA_BYTES} bytes of data and the open ACL, by one session: on
 * our side a {@link LoggedTxn}, on ZooKeeper's a {@link Request} holding its {@code TxnHeader}
 * and {@code CreateTxn} (the same fields in the same encoding: {@link #checkSameRecordSize}). The tree is
 * {@link #PARENTS} × {@link #CHILDREN} such nodes under the root plus {@link #SESSIONS} sessions,
 * built by applying the same txns ({@code -Dminizk.bench.parents} / {@code .children} resize it).
 * Temporary directories go under {@code java.io.tmpdir} on both sides.
 */
final class BenchData {
    static final int DATA_BYTES = 128;
    static final int PARENTS = Integer.getInteger("minizk.bench.parents", 100);
    static final int CHILDREN = Integer.getInteger("minizk.bench.children", 1000);
    static final int SESSIONS = 1000;
    static final long SESSION = 0x4d5a_0000_0000_0001L;
    static final long TIME = 1_700_000_000_000L;
    static final int SESSION_TIMEOUT_MILLIS = 30_000;

    /** Paths and data of the log's txns, made once: a benchmark op should not time String.format. */
    private static final int DISTINCT = 1024;
    private static final String[] PATHS = new String[DISTINCT];
    private static final byte[][] DATA = new byte[DISTINCT][];

    static {
        Random random = new Random(5);
        for (int i = 0; i < DISTINCT; i++) {
            PATHS[i] = String.format("/bench/n%010d", i); // 18 characters, like a sequential node's name
            DATA[i] = new byte[DATA_BYTES];
            random.nextBytes(DATA[i]);
        }
    }

    private BenchData() {
    }

    /** Our txn with {@code zxid}, made afresh (nothing cached from an earlier append). */
    static LoggedTxn ours(long zxid) {
        int i = (int) (zxid % DISTINCT);
        return new LoggedTxn(new TxnHeader(SESSION, (int) zxid, zxid, TIME),
                new Txn.Create(PATHS[i], DATA[i], Acl.OPEN_ACL_UNSAFE, false, (int) zxid));
    }

    /** ZooKeeper's txn with {@code zxid}, made afresh ({@code Request} caches its serialized bytes). */
    static Request zookeeper(long zxid) {
        int i = (int) (zxid % DISTINCT);
        org.apache.zookeeper.txn.TxnHeader header =
                new org.apache.zookeeper.txn.TxnHeader(SESSION, (int) zxid, zxid, TIME, ZooDefs.OpCode.create);
        return new Request(header, new CreateTxn(PATHS[i], DATA[i], ZooDefs.Ids.OPEN_ACL_UNSAFE, false, (int) zxid), null);
    }

    /**
     * Both logs frame a txn as checksum (8 bytes), length (4), the txn, end mark (1): the txns
     * must encode to the same number of bytes, or the comparison is not of the same work.
     */
    static int checkSameRecordSize() {
        int ours = LogFormat.record(ours(1)).length;
        int zookeeper = 8 + 4 + zookeeper(1).getSerializeData().length + 1;
        if (ours != zookeeper) {
            throw new IllegalStateException("a log record has " + ours + " bytes here and " + zookeeper + " in ZooKeeper");
        }
        return ours;
    }

    static String parent(int p) {
        return "/p" + p;
    }

    static String child(int p, int c) {
        return "/p" + p + "/c" + c;
    }

    /** Our state: the tree's creates, then the sessions, applied as txns. */
    static TreeState ourState() {
        TreeState state = new TreeState();
        long[] zxid = {0};
        forEachNode((path, data) -> state.deliver(new LoggedTxn(new TxnHeader(SESSION, 0, ++zxid[0], TIME),
                new Txn.Create(path, data, Acl.OPEN_ACL_UNSAFE, false, -1))));
        for (int s = 0; s < SESSIONS; s++) {
            state.deliver(new LoggedTxn(new TxnHeader(SESSION + 1 + s, 0, ++zxid[0], TIME), new Txn.CreateSession(SESSION_TIMEOUT_MILLIS)));
        }
        return state;
    }

    /** ZooKeeper's tree, by the same creates ({@code DataTree.processTxn}). */
    static DataTree zookeeperTree() {
        DataTree tree = new DataTree();
        long[] zxid = {0};
        forEachNode((path, data) -> tree.processTxn(
                new org.apache.zookeeper.txn.TxnHeader(SESSION, 0, ++zxid[0], TIME, ZooDefs.OpCode.create),
                new CreateTxn(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, false, -1)));
        tree.lastProcessedZxid = zxid[0] + SESSIONS; // the session txns, which ZooKeeper's tree does not see
        return tree;
    }

    /** ZooKeeper keeps sessions beside the tree (its session tracker's table): the same ones. */
    static Map<Long, Integer> zookeeperSessions() {
        Map<Long, Integer> sessions = new HashMap<>();
        for (int s = 0; s < SESSIONS; s++) {
            sessions.put(SESSION + 1 + s, SESSION_TIMEOUT_MILLIS);
        }
        return sessions;
    }

    private interface NodeVisitor {
        void node(String path, byte[] data);
    }

    private static void forEachNode(NodeVisitor visitor) {
        for (int p = 0; p < PARENTS; p++) {
            visitor.node(parent(p), DATA[p % DISTINCT]);
            for (int c = 0; c < CHILDREN; c++) {
                visitor.node(child(p, c), DATA[c % DISTINCT]);
            }
        }
    }

    static Path tempDirectory(String name) {
        try {
            return Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the files of a directory, keeping the directory. */
    static void deleteFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
