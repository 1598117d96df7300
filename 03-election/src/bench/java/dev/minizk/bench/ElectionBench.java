package dev.minizk.bench;

import dev.minizk.election.ElectionConfig;
import dev.minizk.election.FastLeaderElection;
import dev.minizk.election.Notification;
import dev.minizk.election.PeerState;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.Zxid;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
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

import java.util.concurrent.TimeUnit;

/**
 * Whole simulated elections per second: a fresh ensemble of {@code voters} servers, a lossy,
 * duplicating, reordering network, run until a leader is established. JMH's score is
 * elections/s; the {@code events} counter (per second) is simulated events/s.
 * Run with {@code ./bench 03}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ElectionBench {

    @Param({"3", "5"})
    public int voters;

    private long seed;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Benchmark
    public boolean election(Counters counters) {
        SimConfig config = SimConfig.reliable().withNetwork(new NetworkFaults(1, 20, 0.05, 0.05, false)).withTimelineCapacity(64);
        Simulator<Notification> sim = new Simulator<>(seed++, config);
        QuorumVerifier verifier = QuorumVerifier.majorityOf(voters);
        FastLeaderElection[] nodes = new FastLeaderElection[voters + 1];
        for (int id = 1; id <= voters; id++) {
            int me = id;
            ElectionConfig election = ElectionConfig.of(verifier, Zxid.of(1, (id * 7L) % voters));
            sim.addNode(id, n -> nodes[me] = new FastLeaderElection(election));
        }
        boolean done = sim.runUntil(() -> {
            int decided = 0;
            for (int id = 1; id <= voters; id++) {
                if (nodes[id] != null && nodes[id].state() != PeerState.LOOKING) {
                    decided++;
                }
            }
            return decided == voters;
        }, 60_000);
        counters.events += sim.eventsProcessed();
        return done;
    }
}
