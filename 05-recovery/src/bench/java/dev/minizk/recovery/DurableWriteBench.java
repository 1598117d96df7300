package dev.minizk.recovery;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.ReplicaNode;
import dev.minizk.server.RequestPipeline;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Stage 04's simulated write load ({@code EnsembleWriteBench}: 3 servers, {@code clients}
 * sessions spread over them, each keeping one {@code setData} of 64 bytes in flight) on durable
 * servers: each keeps its txn log, snapshots and epochs on its simulated disk
 * ({@link DiskPersistence}, with the final system's settings: a snapshot every 50,000–100,000
 * txns, 1,000 nodes per step). A follower acks a proposal, and the leader counts its own ack,
 * only once a sync covers it; a sync of the simulated disk takes {@link #MIN_SYNC_MILLIS}–
 * {@link #MAX_SYNC_MILLIS} ms (uniform), a SATA SSD's fsync. Peer messages and client links
 * take 1–5 ms.
 *
 * <p>Printed at the end of each trial: committed writes per <em>virtual</em> second (set by the
 * latencies and the protocol, not by this machine) and txns per sync, the group commit: while
 * one sync is in flight the next txns wait, and one sync then covers all of them. JMH's score
 * is virtual 100 ms slices per wall second; {@code writes} and {@code events} are per wall
 * second (the simulator's speed here). No ZooKeeper side: it cannot run in the simulator. Run
 * with {@code ./bench 05 DurableWriteBench}.
 *
 * <p>The load loop repeats stage 04's: one stage's benchmark sources cannot see another's (they
 * are test sources, not shipped in the stage's jar), and the course code has no place for a
 * benchmark driver.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class DurableWriteBench {
    static final long SLICE_MILLIS = 100;
    static final int SERVERS = 3;
    static final long MIN_SYNC_MILLIS = 1;
    static final long MAX_SYNC_MILLIS = 3;

    @Param({"1", "8", "64"})
    public int clients;

    private Simulator<PeerMessage> sim;
    private final Map<Integer, DiskPersistence> disks = new TreeMap<>();
    private final byte[] value = new byte[64];
    private long answered;
    private long failed;
    private long loadStartedAt;
    private long answeredAtStart;
    private final Map<Integer, long[]> syncsAtStart = new TreeMap<>();

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Simulated events, per wall second. */
        public long events;
        /** Committed (answered) writes, per wall second. */
        public long writes;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
            writes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        QuorumVerifier verifier = QuorumVerifier.majorityOf(SERVERS);
        SimConfig config = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withConnections())
                .withDisk(MIN_SYNC_MILLIS, MAX_SYNC_MILLIS, 0).withTimelineCapacity(64);
        RecoveryConfig recovery = new RecoveryConfig(100_000, 3, 1_000, 1);
        sim = new Simulator<>(1, config);
        for (int id : verifier.members()) {
            sim.addNode(id, n -> {
                DiskPersistence disk = new DiskPersistence(recovery);
                disks.put(n, disk);
                return new ReplicaNode(verifier, ZabConfig.simulated(), ServerConfig.withTick(100).withServerId(n), ZabEvents.NONE,
                        RequestPipeline.MAX_OUTSTANDING_REQUESTS, disk);
            });
        }
        if (!sim.runUntil(this::serving, 10_000)) {
            throw new IllegalStateException("the ensemble did not start serving in 10 s of virtual time\n" + sim);
        }
        for (int c = 0; c < clients; c++) {
            List<Integer> connectString = new ArrayList<>();
            for (int i = 0; i < SERVERS; i++) {
                connectString.add(1 + (c + i) % SERVERS);
            }
            ZkClient client = ZkClient.connect(new SimulatedClient(sim, sim.addClient("c" + c), connectString), 10_000, null);
            String path = "/c" + c;
            client.create(path, value, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writeLoop(client, path);
        }
        loadStartedAt = sim.now();
        answeredAtStart = answered;
        disks.forEach((id, disk) -> syncsAtStart.put(id, new long[] {disk.log().syncs(), disk.log().txnsSynced()}));
    }

    private boolean serving() {
        for (int id = 1; id <= SERVERS; id++) {
            if (!((ReplicaNode) sim.node(id).orElseThrow()).server().serving()) {
                return false;
            }
        }
        return true;
    }

    /** One write in flight for this client, always: the answer sends the next. */
    private void writeLoop(ZkClient client, String path) {
        client.setDataAsync(path, value, -1).whenComplete((stat, error) -> {
            if (error == null) {
                answered++;
            } else {
                failed++;
            }
            writeLoop(client, path);
        });
    }

    @Benchmark
    public long virtualSlice(Counters counters) {
        long events = sim.eventsProcessed();
        long writes = answered;
        sim.runFor(SLICE_MILLIS);
        if (failed > 0) {
            throw new IllegalStateException(failed + " writes failed on a fault-free network\n" + sim);
        }
        counters.events += sim.eventsProcessed() - events;
        counters.writes += answered - writes;
        return answered;
    }

    /**
     * The figures that do not depend on this machine, printed once per trial ({@code ./bench}
     * collects these lines under its table): writes per virtual second since the load started,
     * and txns per sync over the same time, for all three servers together.
     */
    @TearDown(Level.Trial)
    public void printVirtualRates() {
        double virtualSeconds = (sim.now() - loadStartedAt) / 1_000.0;
        long syncs = 0;
        long txns = 0;
        for (Map.Entry<Integer, DiskPersistence> disk : disks.entrySet()) {
            long[] start = syncsAtStart.get(disk.getKey());
            syncs += disk.getValue().log().syncs() - start[0];
            txns += disk.getValue().log().txnsSynced() - start[1];
        }
        System.out.printf(Locale.ROOT, "%nwrites per virtual second (clients=%d, sync %d-%d ms): %.1f (%d writes in %.1f virtual s)%n",
                clients, MIN_SYNC_MILLIS, MAX_SYNC_MILLIS, (answered - answeredAtStart) / virtualSeconds, answered - answeredAtStart,
                virtualSeconds);
        System.out.printf(Locale.ROOT, "txns per sync (clients=%d): %.2f (%d txns in %d syncs of 3 servers' logs)%n",
                clients, syncs == 0 ? 0.0 : (double) txns / syncs, txns, syncs);
    }
}
