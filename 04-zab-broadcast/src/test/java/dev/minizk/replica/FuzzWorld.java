package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.zab.ZabConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The world one fuzz schedule runs in, drawn from its seed: 3 or 5 voters (a quarter of the
 * time with an observer), a network of TCP-like peer connections with a delay of 1–30 ms and in a
 * third of the schedules a loss rate (each loss breaks a connection), clocks up to 0.2 s apart
 * and 2% fast or slow, a bound of 2–41 outstanding proposals, and the servers' clients on the
 * same simulator. It keeps the schedule: one line per fault, with its virtual time.
 */
final class FuzzWorld {
    final ServingEnsemble e;
    final List<String> schedule = new ArrayList<>();
    /** The network the storm returns to after a quiet spell. */
    final NetworkFaults network;

    private FuzzWorld(ServingEnsemble e, NetworkFaults network) {
        this.e = e;
        this.network = network;
    }

    static FuzzWorld draw(long seed, Random random, int timelineCapacity) {
        int voters = random.nextBoolean() ? 3 : 5;
        QuorumVerifier verifier = QuorumVerifier.majorityOf(voters);
        if (random.nextInt(4) == 0) {
            verifier = verifier.withObservers(voters + 1);
        }
        long maxDelay = 1 + random.nextInt(30);
        double loss = random.nextInt(3) == 0 ? 0.002 + random.nextDouble() * 0.01 : 0;
        NetworkFaults network = new NetworkFaults(1, maxDelay, loss, 0, true).withConnections();
        SimConfig simConfig = SimConfig.reliable().withNetwork(network)
                .withClockSkew(random.nextInt(100), random.nextDouble() * 0.02).withTimelineCapacity(Math.max(timelineCapacity, 1));
        ZabConfig zab = ZabConfig.simulated().withMaxOutstandingProposals(2 + random.nextInt(40));
        FuzzWorld world = new FuzzWorld(new ServingEnsemble(seed, simConfig, verifier, zab, 1_000), network);
        world.e.sim.setEventBudget(3_000_000);
        world.note(voters + " voters" + (verifier.observers().isEmpty() ? "" : " + observer " + verifier.observers())
                + ", delay 1-" + maxDelay + " ms, loss " + String.format("%.3f", loss)
                + ", max outstanding " + zab.maxOutstandingProposals());
        return world;
    }

    void note(String what) {
        schedule.add(e.sim.now() == 0 ? what : "t=" + e.sim.now() + " " + what);
    }

    int faultTolerance() {
        return (e.verifier.voters().size() - 1) / 2;
    }

    long votersDown() {
        return e.verifier.voters().stream().filter(id -> !e.sim.isUp(id)).count();
    }
}
