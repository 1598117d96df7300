package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.ZabReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One seeded fault schedule for a replicated ensemble: 3 or 5 voters (sometimes an observer),
 * a FIFO network with a drawn delay, a write load handed to whoever leads, and a storm of
 * partitions, one-way cuts, heals and crashes. Crashed servers stay down until the storm is
 * over and never take down a quorum: state is in memory in this stage, so a server that comes
 * back empty while the others are split could help elect a leader that lacks committed txns
 * (stage 05's durable log is the cure). After the storm: heal, settle, restart the crashed
 * servers (they catch up by SNAP), write once more, settle, and check Zab's properties and that
 * every tree is the same.
 */
final class ZabFuzz {

    /** What one schedule did and found. */
    record Outcome(long seed, boolean ok, String failure, List<String> schedule, String timeline,
                   long events, int establishments, int commits, long virtualMillis, long settleMillis) {
        String describe() {
            return "seed " + seed + (ok ? " ok" : " FAILED: " + failure) + "\n  schedule: " + String.join(", ", schedule);
        }
    }

    private ZabFuzz() {
    }

    static Outcome run(long seed, int timelineLines) {
        return run(seed, timelineLines, false);
    }

    /** With {@code alwaysTimeline}, the outcome carries the timeline even when the run is ok (to compare two runs). */
    static Outcome run(long seed, int timelineLines, boolean alwaysTimeline) {
        Random random = new Random(seed);
        int voters = random.nextBoolean() ? 3 : 5;
        QuorumVerifier verifier = QuorumVerifier.majorityOf(voters);
        if (random.nextInt(4) == 0) {
            verifier = verifier.withObservers(voters + 1);
        }
        long maxDelay = 1 + random.nextInt(30);
        double loss = random.nextInt(3) == 0 ? 0.002 + random.nextDouble() * 0.01 : 0; // a lost Zab packet breaks its connection
        SimConfig simConfig = SimConfig.reliable().withNetwork(new NetworkFaults(1, maxDelay, loss, 0, true))
                .withClockSkew(random.nextInt(100), random.nextDouble() * 0.02);
        ZabConfig zabConfig = ZabConfig.simulated().withMaxOutstandingProposals(2 + random.nextInt(40));
        Ensemble e = new Ensemble(seed, simConfig, verifier, zabConfig);
        e.sim.setEventBudget(3_000_000);
        List<String> schedule = new ArrayList<>();
        long settleMillis = -1;
        schedule.add(voters + " voters" + (verifier.observers().isEmpty() ? "" : " + observer " + verifier.observers())
                + ", delay 1-" + maxDelay + " ms, loss " + String.format("%.3f", loss) + ", max outstanding " + zabConfig.maxOutstandingProposals());
        try {
            storm(e, random, schedule);
            schedule.add("t=" + e.sim.now() + " heal");
            e.sim.heal();
            long healedAt = e.sim.now();
            e.settle(30_000);
            settleMillis = e.sim.now() - healedAt;
            for (int id : e.verifier.members()) {
                if (!e.sim.isUp(id)) {
                    schedule.add("t=" + e.sim.now() + " restart(" + id + ")");
                    e.sim.restart(id);
                }
            }
            e.settle(30_000);
            e.write(5);
            e.settle(10_000);
            if (!e.sameTrees()) {
                return outcome(e, seed, "the servers' trees differ after the final settle", schedule, timelineLines, settleMillis);
            }
            ZabReport report = e.check();
            if (!report.ok()) {
                return outcome(e, seed, report.describe(), schedule, timelineLines, settleMillis);
            }
            return outcome(e, seed, null, schedule, alwaysTimeline ? timelineLines : 0, settleMillis);
        } catch (RuntimeException | AssertionError failure) {
            return outcome(e, seed, failure.toString(), schedule, timelineLines, settleMillis);
        }
    }

    /** 2–5 s of writes and faults; at most (voters − 1) / 2 voters crash, and they stay down. */
    private static void storm(Ensemble e, Random random, List<String> schedule) {
        List<Integer> members = new ArrayList<>(e.verifier.members());
        int crashBudget = (e.verifier.voters().size() - 1) / 2;
        long end = e.sim.now() + 2_000 + random.nextInt(3_000);
        e.sim.runFor(300 + random.nextInt(700)); // let a first leader establish, most of the time
        while (e.sim.now() < end) {
            e.write(1 + random.nextInt(4));
            e.sim.runFor(5 + random.nextInt(40));
            if (random.nextInt(12) != 0) {
                continue;
            }
            long at = e.sim.now();
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    List<Integer> shuffled = new ArrayList<>(members);
                    Collections.shuffle(shuffled, random);
                    int cut = 1 + random.nextInt(shuffled.size() - 1);
                    Set<Integer> left = new TreeSet<>(shuffled.subList(0, cut));
                    Set<Integer> right = new TreeSet<>(shuffled.subList(cut, shuffled.size()));
                    e.sim.partition(left, right);
                    schedule.add("t=" + at + " partition(" + left + " | " + right + ")");
                }
                case 2 -> {
                    int from = members.get(random.nextInt(members.size()));
                    int to = members.get(random.nextInt(members.size()));
                    if (from != to) {
                        e.sim.cutOneWay(from, to);
                        schedule.add("t=" + at + " cut(" + from + " -> " + to + ")");
                    }
                }
                case 3, 4 -> {
                    e.sim.heal();
                    schedule.add("t=" + at + " heal");
                }
                default -> {
                    int victim = e.leader().filter(l -> random.nextBoolean())
                            .orElse(members.get(random.nextInt(members.size())));
                    boolean voter = e.verifier.isVoter(victim);
                    if (e.sim.isUp(victim) && (!voter || crashBudget > 0)) {
                        if (voter) {
                            crashBudget--;
                        }
                        e.sim.crash(victim);
                        schedule.add("t=" + at + " crash(" + victim + ")");
                    }
                }
            }
        }
    }

    private static Outcome outcome(Ensemble e, long seed, String failure, List<String> schedule, int timelineLines, long settleMillis) {
        String timeline = timelineLines > 0 ? e.sim.report(timelineLines) + "\n" + e : "";
        return new Outcome(seed, failure == null, failure, schedule, timeline, e.sim.eventsProcessed(),
                e.recorder.establishments().size(), e.recorder.commits().size(), e.sim.now(), settleMillis);
    }
}
