package dev.minizk.election;

import dev.minizk.sim.Fault;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.txn.Zxid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One randomized run: an ensemble, a network and a fault schedule all drawn from one seed,
 * then a heal, then a check of what happened.
 *
 * <p>The run has two phases. In the <em>storm</em> (the first 1–6 s) anything goes: loss,
 * duplication, reordering, partitions (symmetric and one-way), crashes, restarts, skewed
 * clocks. Then the network heals and every crashed server but perhaps one voter (as long as a
 * quorum of voters is up) restarts. Stage 03 has no Zab to notice a leader that leads nobody,
 * so a stand-in plays its part, in both phases: every 500 ms, a server that decided over a
 * second ago but is not part of an established ensemble (a leader with a quorum of followers
 * that it can reach and that can reach it) is told to look for a leader again. So partitions
 * and crashes during the storm cause fresh elections, as they would in ZooKeeper.
 *
 * <p>Checked at the end, over every decision of every incarnation:
 * <ul>
 *   <li><b>safety 1</b>: in each round at most one leader is elected by a quorum (a quorum of
 *       servers decided for it in that round, not counting joiners). Fast leader election
 *       alone cannot promise this once servers restart: the round lives in memory, so a
 *       restarted server may decide again in a round it already decided in, for another
 *       leader. Zab's persisted epochs (stages 04–05) make up for it. Such a split is counted
 *       ({@link #AMNESIA_SPLITS}), not failed, unless {@code -Dminizk.strictRounds=true}
 *       ({@link RoundSplits}, shared with stage 05's crash fuzzer);</li>
 *   <li><b>safety 2</b>: a leader's vote is its own real (epoch, zxid), and no server whose
 *       vote helped elect it has a better (epoch, zxid, id): nothing committed is lost by
 *       choosing it;</li>
 *   <li><b>observers</b> never lead and are never proposed;</li>
 *   <li><b>liveness</b>: within {@link #LIVENESS_BOUND} ms of the heal, every live server agrees
 *       on a leader established with a quorum.</li>
 * </ul>
 */
final class ElectionFuzz {

    static final long LIVENESS_BOUND = 60_000;
    /** Runs in which two leaders of one round each had a quorum only thanks to a restarted server deciding twice. */
    static final java.util.concurrent.atomic.AtomicLong AMNESIA_SPLITS = new java.util.concurrent.atomic.AtomicLong();
    private static final long DETECTOR_PERIOD = 500;
    private static final long DETECTOR_GRACE = 1_000;

    /** What a run did and found. */
    record Outcome(long seed, String setup, List<String> schedule, List<String> violations, long settleMillis,
                   long events, int elections, String timeline) {

        boolean ok() {
            return violations.isEmpty();
        }

        String describe() {
            return "seed " + seed + ": " + setup + "\n  fault schedule: " + (schedule.isEmpty() ? "(none)" : String.join(", ", schedule))
                    + "\n  violations: " + String.join("\n              ", violations)
                    + "\n  replay: " + replayCommand(seed);
        }
    }

    static String replayCommand(long seed) {
        return "mvn -q -pl 03-election -am test -Dtest=ElectionFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=" + seed;
    }

    private ElectionFuzz() {
    }

    static Outcome run(long seed, int timelineCapacity) {
        return run(seed, timelineCapacity, false);
    }

    /** With {@code keepTimeline} the outcome carries the timeline even when nothing failed. */
    static Outcome run(long seed, int timelineCapacity, boolean keepTimeline) {
        Random plan = new Random(seed * 0x9E3779B97F4A7C15L + 1);
        int voters = new int[] {3, 3, 5, 5, 5, 4, 7}[plan.nextInt(7)];
        int observers = plan.nextInt(4) == 0 ? 1 + plan.nextInt(2) : 0;
        QuorumVerifier verifier = QuorumVerifier.majorityOf(voters);
        for (int i = 1; i <= observers; i++) {
            verifier = verifier.withObservers(voters + i);
        }
        NetworkFaults network = new NetworkFaults(1, 2 + plan.nextInt(50), plan.nextDouble() * 0.15,
                plan.nextDouble() * 0.1, plan.nextBoolean());
        SimConfig config = SimConfig.reliable().withNetwork(network)
                .withClockSkew(plan.nextInt(2_000), plan.nextDouble() * 0.05).withTimelineCapacity(timelineCapacity);
        Ensemble ensemble = new Ensemble(seed, config, verifier);
        ensemble.sim.setEventBudget(2_000_000);
        Map<Integer, Vote> initial = new TreeMap<>();
        for (int id : verifier.members()) {
            long epoch = 1 + plan.nextInt(2);
            long zxid = Zxid.of(epoch, plan.nextInt(4)); // small ranges: ties on epoch and zxid are common
            ensemble.server(id, zxid, epoch);
            initial.put(id, verifier.isVoter(id) ? new Vote(id, zxid, epoch) : Vote.NONE);
        }
        String setup = voters + " voters" + (observers > 0 ? " + " + observers + " observers" : "") + ", " + network
                + ", votes " + initial.values();

        // the storm
        long storm = 1_000 + plan.nextInt(5_000);
        List<String> schedule = new ArrayList<>();
        List<Integer> ids = new ArrayList<>(ensemble.servers());
        int faults = plan.nextInt(13);
        for (int i = 0; i < faults; i++) {
            long at = plan.nextInt((int) storm);
            Fault fault = randomFault(plan, ids);
            ensemble.sim.schedule(at, fault);
            schedule.add(fault + "@" + at);
        }
        double spuriousTimeouts = plan.nextDouble() * 0.3;
        while (ensemble.sim.now() < storm) {
            ensemble.sim.runFor(Math.min(DETECTOR_PERIOD, storm - ensemble.sim.now()));
            kickStrandedServers(ensemble);
            if (plan.nextDouble() < spuriousTimeouts) { // a server gives up on its leader for no good reason
                int id = ids.get(plan.nextInt(ids.size()));
                if (ensemble.sim.isUp(id)) {
                    schedule.add("look-again(" + id + ")@" + ensemble.sim.now());
                    ensemble.sim.act(id, "spurious timeout: look again", n -> ((FastLeaderElection) n).lookForLeader());
                }
            }
        }

        // the heal
        ensemble.sim.heal();
        ensemble.sim.setNetwork(network.withLoss(Math.min(network.lossRate(), 0.05)));
        List<Integer> down = ids.stream().filter(id -> !ensemble.sim.isUp(id)).toList();
        int votersUp = (int) ids.stream().filter(id -> ensemble.sim.isUp(id) && ensemble.verifier.isVoter(id)).count();
        Integer staysDown = null;
        List<Integer> downVoters = down.stream().filter(id -> ensemble.verifier.isVoter(id)).toList();
        if (!downVoters.isEmpty() && plan.nextBoolean() && 2 * (votersUp + downVoters.size() - 1) > voters) {
            staysDown = downVoters.get(plan.nextInt(downVoters.size()));
        }
        for (int id : down) {
            if (!Integer.valueOf(id).equals(staysDown)) {
                ensemble.sim.restart(id);
            }
        }
        schedule.add("heal+restart@" + storm + (staysDown == null ? "" : " (" + staysDown + " stays down)"));
        long healedAt = ensemble.sim.now();
        boolean settled = false;
        while (!settled && ensemble.sim.now() - healedAt < LIVENESS_BOUND) {
            settled = ensemble.sim.runUntil(ensemble::everyoneSettled, DETECTOR_PERIOD);
            if (!settled) {
                kickStrandedServers(ensemble);
            }
        }

        List<String> violations = new ArrayList<>();
        if (!settled) {
            violations.add("liveness: no settled leader " + LIVENESS_BOUND + " ms after the heal: " + ensemble.states());
        }
        checkSafety(ensemble, initial, violations);
        String timeline = violations.isEmpty() && !keepTimeline ? "" : ensemble.sim.report(timelineCapacity);
        return new Outcome(seed, setup, schedule, violations, ensemble.sim.now() - healedAt,
                ensemble.sim.eventsProcessed(), (int) ensemble.decisions().stream().filter(d -> d.state() == PeerState.LEADING).count(),
                timeline);
    }

    private static Fault randomFault(Random plan, List<Integer> ids) {
        int a = ids.get(plan.nextInt(ids.size()));
        int b = ids.get(plan.nextInt(ids.size()));
        switch (plan.nextInt(6)) {
            case 0, 1 -> {
                Set<Integer> left = new TreeSet<>();
                Set<Integer> right = new TreeSet<>();
                for (int id : ids) {
                    (plan.nextBoolean() ? left : right).add(id);
                }
                return right.isEmpty() || left.isEmpty() ? new Fault.Heal() : new Fault.Partition(List.of(left, right));
            }
            case 2 -> {
                return a == b ? new Fault.Heal() : new Fault.OneWayCut(a, b);
            }
            case 3 -> {
                return new Fault.Crash(a);
            }
            case 4 -> {
                return new Fault.Restart(a);
            }
            default -> {
                return new Fault.Heal();
            }
        }
    }

    /** The stand-in for Zab's timeouts: decided long ago but not in an established ensemble → look again. */
    private static void kickStrandedServers(Ensemble ensemble) {
        Optional<Integer> leader = ensemble.establishedLeader();
        Map<Integer, Long> decidedAt = new HashMap<>();
        for (Ensemble.Decided d : ensemble.history) {
            decidedAt.put(d.decision().sid(), d.time());
        }
        for (int id : ensemble.servers()) {
            Optional<FastLeaderElection> node = ensemble.liveFle(id);
            if (node.isEmpty() || node.get().decision() == null) {
                continue;
            }
            boolean stranded = leader.isEmpty() || !ensemble.inEstablishedEnsemble(node.get().decision(), leader.get());
            if (stranded && ensemble.sim.now() - decidedAt.getOrDefault(id, 0L) >= DETECTOR_GRACE) {
                ensemble.sim.act(id, "no established leader: look again", n -> ((FastLeaderElection) n).lookForLeader());
            }
        }
    }

    private static void checkSafety(Ensemble ensemble, Map<Integer, Vote> initial, List<String> violations) {
        QuorumVerifier verifier = ensemble.verifier;
        for (Decision d : ensemble.decisions()) {
            int leader = d.vote().leader();
            if (!verifier.isVoter(leader)) {
                violations.add("observers: " + d.sid() + " decided for non-voter " + leader + ": " + d);
                continue;
            }
            if (d.state() == PeerState.LEADING) {
                Vote own = initial.get(d.sid());
                if (!d.vote().equals(own)) {
                    violations.add("safety 2: leader " + d.sid() + " was elected with vote " + d.vote() + " but its own is " + own);
                }
                for (int supporter : d.supporters()) {
                    Vote theirs = initial.get(supporter);
                    if (verifier.isVoter(supporter) && theirs.beats(d.vote())) {
                        violations.add("safety 2: leader " + d.sid() + " " + d.vote() + " in round " + d.round()
                                + " was elected with the vote of " + supporter + " whose own vote " + theirs + " is better");
                    }
                }
            }
        }
        List<RoundSplits.Decided> decided = ensemble.history.stream().map(d -> new RoundSplits.Decided(d.incarnation(), d.decision())).toList();
        for (RoundSplits.Split split : RoundSplits.find(decided, verifier)) {
            if (!split.byAmnesia() || Boolean.getBoolean("minizk.strictRounds")) {
                violations.add("safety 1: " + split.describe());
            } else {
                AMNESIA_SPLITS.incrementAndGet();
            }
        }
    }
}
