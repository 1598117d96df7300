package dev.minizk.recovery;

import org.apache.zookeeper.server.persistence.FileTxnLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The txn log on real files: our {@link DiskLog} (records of {@link LogFormat}, on
 * {@link BenchFileStorage}) against ZooKeeper 3.9.5's {@code FileTxnLog}, appending the same
 * txns ({@link BenchData}) into a fresh temporary directory each, with fsync on for both:
 * <ul>
 *   <li>{@code appendSyncEach}: one txn, then one sync (an idle server: every txn its own fsync);
 *   ours asks {@link DiskLog#whenDurable} and runs the sync's completion, ZooKeeper's
 *   {@code commit()} forces;</li>
 *   <li>{@code append100SyncOnce}: 100 txns, then one sync (group commit under load);</li>
 *   <li>{@code append1000NoForce}: 1,000 txns written to the operating system without a force
 *   (ZooKeeper with {@code zookeeper.forceSync=no}, whose {@code commit()} then only flushes
 *   its buffer; ours appends straight to the file and asks for no sync).</li>
 * </ul>
 * A score is time per op (one op = the txns and the sync of its row). Both logs start a new
 * file every {@link #ROLL_TXNS} txns (ZooKeeper's default {@code snapCount}: it rolls the log at
 * every snapshot) and the old files are deleted then, so a run does not fill the disk. Run with
 * {@code ./bench 05 LogAppendBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogAppendBench {
    static final int ROLL_TXNS = 100_000;

    /** Our log in a fresh directory per iteration. */
    @State(Scope.Thread)
    public static class Ours {
        private Path directory;
        private BenchFileStorage storage;
        private DiskLog log;
        private long zxid;
        private long txnsInFile;

        @Setup(Level.Trial)
        public void check() {
            BenchData.checkSameRecordSize();
        }

        @Setup(Level.Iteration)
        public void open() throws IOException {
            directory = BenchData.tempDirectory("minizk-log-bench");
            storage = new BenchFileStorage(directory);
            log = new DiskLog(storage, 0);
            zxid = 0;
            txnsInFile = 0;
        }

        void append(int count) {
            if (txnsInFile >= ROLL_TXNS) {
                log.roll();
                storage.files().forEach(storage::delete);
                txnsInFile = 0;
            }
            for (int i = 0; i < count; i++) {
                log.append(BenchData.ours(++zxid));
            }
            txnsInFile += count;
        }

        /** What a follower does before it acks: wait for the sync that covers its appends. */
        void sync() {
            boolean[] durable = {false};
            log.whenDurable(() -> durable[0] = true);
            storage.completeSyncs(log::onSyncCompleted);
            if (!durable[0]) {
                throw new IllegalStateException("the sync completed but the log did not say the txns are durable: " + log);
            }
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            storage.close();
            BenchData.deleteRecursively(directory);
        }
    }

    /** ZooKeeper's log, fsync on (its default). */
    @State(Scope.Thread)
    public static class ZooKeeper {
        private final boolean forceSync;
        private Path directory;
        private FileTxnLog log;
        private long zxid;
        private long txnsInFile;

        public ZooKeeper() {
            this(true);
        }

        ZooKeeper(boolean forceSync) {
            this.forceSync = forceSync;
        }

        @Setup(Level.Iteration)
        public void open() {
            // FileTxnLog reads the property in its constructor.
            System.setProperty("zookeeper.forceSync", forceSync ? "yes" : "no");
            directory = BenchData.tempDirectory("zookeeper-log-bench");
            log = new FileTxnLog(directory.toFile());
            if (log.isForceSync() != forceSync) {
                throw new IllegalStateException("FileTxnLog did not take forceSync=" + forceSync);
            }
            zxid = 0;
            txnsInFile = 0;
        }

        void append(int count) throws IOException {
            if (txnsInFile >= ROLL_TXNS) {
                log.rollLog();
                BenchData.deleteFiles(directory);
                txnsInFile = 0;
            }
            for (int i = 0; i < count; i++) {
                log.append(BenchData.zookeeper(++zxid));
            }
            txnsInFile += count;
        }

        /** Flushes the buffer and, with forceSync, forces the file. */
        void commit() throws IOException {
            log.commit();
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            log.close();
            BenchData.deleteRecursively(directory);
        }
    }

    /** ZooKeeper's log with {@code zookeeper.forceSync=no}: commit flushes its buffer, no force. */
    @State(Scope.Thread)
    public static class ZooKeeperNoForce extends ZooKeeper {
        public ZooKeeperNoForce() {
            super(false);
        }
    }

    @Benchmark
    public void appendSyncEach_minizk(Ours log) {
        log.append(1);
        log.sync();
    }

    @Benchmark
    public void appendSyncEach_zookeeper(ZooKeeper log) throws IOException {
        log.append(1);
        log.commit();
    }

    @Benchmark
    public void append100SyncOnce_minizk(Ours log) {
        log.append(100);
        log.sync();
    }

    @Benchmark
    public void append100SyncOnce_zookeeper(ZooKeeper log) throws IOException {
        log.append(100);
        log.commit();
    }

    @Benchmark
    public void append1000NoForce_minizk(Ours log) {
        log.append(1000);
    }

    @Benchmark
    public void append1000NoForce_zookeeper(ZooKeeperNoForce log) throws IOException {
        log.append(1000);
        log.commit();
    }
}
