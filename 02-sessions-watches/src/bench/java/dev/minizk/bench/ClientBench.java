package dev.minizk.bench;

import dev.minizk.client.ZkClient;
import dev.minizk.inprocess.InProcessNetwork;
import dev.minizk.server.ServerConfig;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole stage-02 system in one thread: 16 client sessions on the in-process network, each
 * keeping 8 async requests outstanding (a new one goes out as soon as one completes), against one
 * {@code StandaloneServer}. Throughput is wall-clock ops/s of everything together: the client core,
 * the event queue, the server's pipeline and the tree. Virtual time stands still (no latency, no
 * timers fall due), so a request's wall-clock latency is how long it waited in the queue behind the
 * 127 others plus its own work; p50/p99 are printed after every iteration ("latency:" lines).
 *
 * <ul>
 *   <li>{@code getData}: a read of a 64-byte node, no watch.</li>
 *   <li>{@code setData}: a write of 64 bytes to the session's own node: a txn, a zxid, a reply.</li>
 * </ul>
 * There is no ZooKeeper side: the stock server's numbers include TCP and a thread per stage, so a
 * ratio would say nothing. ZooKeeper's paper reports ~21k writes/s and ~87k reads/s per server
 * on 2010 hardware (see shared/zk-reference.md §6) for orientation only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ClientBench {
    static final int SESSIONS = 16;
    static final int OUTSTANDING = 8;
    static final int OPS = 16_384;

    @State(Scope.Thread)
    public static class World {
        InProcessNetwork network;
        List<ZkClient> clients = new ArrayList<>();
        byte[] value = new byte[64];
        long[] latencies = new long[1 << 20];
        int recorded;
        int issued;
        int completed;

        @Setup(Level.Trial)
        public void setUp() {
            network = new InProcessNetwork(ServerConfig.defaults());
            for (int i = 0; i < SESSIONS; i++) {
                ZkClient client = network.connect(30_000, null);
                client.create("/n" + i, value, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                clients.add(client);
            }
        }

        @Setup(Level.Iteration)
        public void resetLatencies() {
            recorded = 0;
        }

        @TearDown(Level.Iteration)
        public void printLatencies() {
            long[] sorted = Arrays.copyOf(latencies, Math.min(recorded, latencies.length));
            Arrays.sort(sorted);
            if (sorted.length > 0) {
                System.out.printf(Locale.ROOT, "%nlatency: p50 %.1f µs, p99 %.1f µs, max %.1f µs (%d requests sampled)%n",
                        sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.99)] / 1e3,
                        sorted[sorted.length - 1] / 1e3, sorted.length);
            }
        }

        /** Runs OPS requests with OUTSTANDING in flight per session, until the last one completes. */
        void run(boolean write) {
            issued = 0;
            completed = 0;
            for (int s = 0; s < SESSIONS; s++) {
                for (int k = 0; k < OUTSTANDING; k++) {
                    issue(s, write);
                }
            }
            network.runUntilIdle();
            if (completed != OPS) {
                throw new IllegalStateException("only " + completed + " of " + OPS + " completed");
            }
        }

        private void issue(int session, boolean write) {
            if (issued == OPS) {
                return;
            }
            issued++;
            long start = System.nanoTime();
            ZkClient client = clients.get(session);
            String path = "/n" + session;
            CompletableFuture<?> call = write ? client.setDataAsync(path, value, -1) : client.getDataAsync(path, false);
            call.whenComplete((result, failure) -> {
                if (failure != null) {
                    throw new IllegalStateException("a benchmark request failed", failure);
                }
                if (recorded < latencies.length) {
                    latencies[recorded++] = System.nanoTime() - start;
                }
                completed++;
                issue(session, write);
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void getData_minizk(World world) {
        world.run(false);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void setData_minizk(World world) {
        world.run(true);
    }
}
