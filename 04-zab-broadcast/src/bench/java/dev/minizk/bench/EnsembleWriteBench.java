package dev.minizk.bench;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.ReplicaNode;
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
import java.util.concurrent.TimeUnit;

/**
 * A simulated 3-server ensemble (stage 04's {@link ReplicaNode}s: election, Zab and the request
 * pipeline) under a closed write load: {@code clients} sessions, spread round-robin over the three
 * servers, each keeping one {@code setData} of 64 bytes in flight (the next goes out when the
 * answer comes back). Peer messages take 1–5 ms, client links 1–5 ms (the simulator's quiet LAN).
 *
 * <p>One benchmark op runs 100 ms of virtual time. What the figures mean:
 * <ul>
 *   <li>writes per <em>virtual</em> second, printed at the end of each trial: committed (answered)
 *   writes per second of simulated time. It depends on the simulated latencies and on the protocol
 *   (round trips per write, how many proposals the leader pipelines), not on this machine.</li>
 *   <li>{@code writes} and {@code events}: committed writes and simulated events per second of wall
 *   time, the simulator's speed on this machine; JMH's own score is virtual 100 ms slices per wall
 *   second.</li>
 * </ul>
 * There is no ZooKeeper side: ZooKeeper cannot run in the simulator. Run with {@code ./bench 04}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class EnsembleWriteBench {
    static final long SLICE_MILLIS = 100;
    static final int SERVERS = 3;

    @Param({"1", "8", "64"})
    public int clients;

    private Simulator<PeerMessage> sim;
    private final byte[] value = new byte[64];
    private long answered;
    private long failed;
    private long loadStartedAt;
    private long answeredAtStart;

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
        SimConfig config = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withConnections()).withTimelineCapacity(64);
        sim = new Simulator<>(1, config);
        for (int id : verifier.members()) {
            sim.addNode(id, n -> new ReplicaNode(verifier, ZabConfig.simulated(), ServerConfig.withTick(100).withServerId(n), ZabEvents.NONE));
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
     * The figure that does not depend on this machine, printed once per trial (JMH's counters are
     * all per wall second): writes answered per second of virtual time since the load started.
     * {@code ./bench} collects these lines under its table.
     */
    @TearDown(Level.Trial)
    public void printVirtualRate() {
        double virtualSeconds = (sim.now() - loadStartedAt) / 1_000.0;
        System.out.printf(Locale.ROOT, "%nwrites per virtual second (clients=%d): %.1f (%d writes in %.1f virtual s)%n",
                clients, (answered - answeredAtStart) / virtualSeconds, answered - answeredAtStart, virtualSeconds);
    }
}
