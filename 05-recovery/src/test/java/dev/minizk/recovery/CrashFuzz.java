package dev.minizk.recovery;

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
 * One seeded schedule of real crashes for a durable ensemble: 3 or 5 voters, TCP-like peer
 * connections with a drawn delay, disks whose syncs take a drawn time and whose crashes tear the unsynced tail at a drawn
 * rate, small {@code snapCount}s so that snapshots are taken and purged all the time, a write
 * load, and a storm of partitions, heals, crashes of any number of servers (all of them at once
 * too) and restarts. After the storm: heal, restart everyone, settle, write, settle. Checked:
 * after every restart the server's state equals the committed prefix it claims; at the end no
 * committed write is missing anywhere, every tree is the same, and Zab's properties hold.
 */
final class CrashFuzz {

    record Outcome(long seed, boolean ok, String failure, List<String> schedule, String timeline, long events,
                   int commits, int crashes, long syncs, long txnsSynced) {
        String describe() {
            return "seed " + seed + (ok ? " ok" : " FAILED: " + failure) + "\n  schedule: " + String.join(", ", schedule);
        }
    }

    private CrashFuzz() {
    }

    static Outcome run(long seed, int timelineLines) {
        Random random = new Random(seed);
        int voters = random.nextBoolean() ? 3 : 5;
        long maxDelay = 1 + random.nextInt(20);
        long minSync = 1 + random.nextInt(5);
        long maxSync = minSync + random.nextInt(40);
        double torn = random.nextInt(4) == 0 ? 0 : random.nextDouble();
        SimConfig simConfig = SimConfig.reliable().withNetwork(new NetworkFaults(1, maxDelay, 0, 0, true).withConnections())
                .withDisk(minSync, maxSync, torn).withTimelineCapacity(Math.max(timelineLines, 1));
        ZabConfig zabConfig = ZabConfig.simulated().withMaxOutstandingProposals(2 + random.nextInt(40));
        RecoveryConfig recovery = RecoveryConfig.simulated().withSnapCount(4 + random.nextInt(60)).withSnapRetainCount(1 + random.nextInt(3));
        DurableEnsemble e = new DurableEnsemble(seed, simConfig, QuorumVerifier.majorityOf(voters), zabConfig, recovery);
        e.sim.setEventBudget(3_000_000);
        List<String> schedule = new ArrayList<>();
        schedule.add(voters + " voters, delay 1-" + maxDelay + " ms, sync " + minSync + "-" + maxSync + " ms, torn "
                + String.format("%.2f", torn) + ", snapCount " + recovery.snapCount() + ", retain " + recovery.snapRetainCount());
        int[] crashes = {0};
        try {
            storm(e, random, schedule, crashes);
            schedule.add("t=" + e.sim.now() + " heal, restart all");
            e.sim.heal();
            restart(e, e.verifier.members(), schedule);
            e.settle(30_000);
            e.write(5);
            e.settle(10_000);
            String failure = finalCheck(e);
            return outcome(e, seed, failure, schedule, failure == null ? 0 : timelineLines, crashes[0]);
        } catch (RuntimeException | AssertionError failure) {
            return outcome(e, seed, failure.toString(), schedule, timelineLines, crashes[0]);
        }
    }

    private static String finalCheck(DurableEnsemble e) {
        for (int id : e.verifier.members()) {
            List<String> lost = e.lostWrites(id);
            if (!lost.isEmpty()) {
                return "committed writes lost on server " + id + ": " + lost;
            }
        }
        if (!e.sameTrees()) {
            return "the servers' trees differ after the final settle";
        }
        ZabReport report = e.check();
        return report.ok() ? null : report.describe();
    }

    /** 2–4 s of writes and faults; any number of servers may be down at once, all of them too. */
    private static void storm(DurableEnsemble e, Random random, List<String> schedule, int[] crashes) {
        List<Integer> members = new ArrayList<>(e.verifier.members());
        long end = e.sim.now() + 2_000 + random.nextInt(2_000);
        e.sim.runFor(300 + random.nextInt(700));
        while (e.sim.now() < end) {
            e.write(1 + random.nextInt(6));
            e.sim.runFor(5 + random.nextInt(40));
            if (random.nextInt(8) != 0) {
                continue;
            }
            long at = e.sim.now();
            int dice = random.nextInt(10);
            if (dice < 2) {
                List<Integer> shuffled = new ArrayList<>(members);
                Collections.shuffle(shuffled, random);
                int cut = 1 + random.nextInt(shuffled.size() - 1);
                Set<Integer> left = new TreeSet<>(shuffled.subList(0, cut));
                Set<Integer> right = new TreeSet<>(shuffled.subList(cut, shuffled.size()));
                e.sim.partition(left, right);
                schedule.add("t=" + at + " partition(" + left + " | " + right + ")");
            } else if (dice < 3) {
                e.sim.heal();
                schedule.add("t=" + at + " heal");
            } else if (dice < 5) {
                schedule.add("t=" + at + " crash all");
                e.crashAll();
                crashes[0] += members.size();
            } else if (dice < 8) {
                int victim = e.leader().filter(l -> random.nextBoolean()).orElse(members.get(random.nextInt(members.size())));
                if (e.sim.isUp(victim)) {
                    e.sim.crash(victim);
                    crashes[0]++;
                    schedule.add("t=" + at + " crash(" + victim + ")");
                }
            } else {
                List<Integer> down = members.stream().filter(id -> !e.sim.isUp(id)).toList();
                if (!down.isEmpty()) {
                    restart(e, List.of(down.get(random.nextInt(down.size()))), schedule);
                }
            }
            if (members.stream().noneMatch(e.sim::isUp) || random.nextInt(3) == 0) {
                e.sim.runFor(random.nextInt(100));
                restart(e, members, schedule);
            }
        }
    }

    /** Restarts the servers of {@code ids} that are down and checks each one's recovered state. */
    private static void restart(DurableEnsemble e, Iterable<Integer> ids, List<String> schedule) {
        for (int id : ids) {
            if (!e.sim.isUp(id)) {
                e.sim.restart(id);
                schedule.add("t=" + e.sim.now() + " restart(" + id + ")");
            }
        }
        e.sim.runFor(0);
        for (int id : ids) {
            String mismatch = e.stateMismatch(id);
            if (mismatch != null) {
                throw new AssertionError("after its restart: " + mismatch);
            }
        }
    }

    private static Outcome outcome(DurableEnsemble e, long seed, String failure, List<String> schedule, int timelineLines, int crashes) {
        String timeline = timelineLines > 0 ? e.sim.report(timelineLines) + "\n" + e : "";
        long syncs = 0;
        long txns = 0;
        for (int id : e.verifier.members()) {
            DiskLog log = e.replica(id).isPresent() ? e.disk(id).log() : null;
            if (log != null) {
                syncs += log.syncs();
                txns += log.txnsSynced();
            }
        }
        return new Outcome(seed, failure == null, failure, schedule, timeline, e.sim.eventsProcessed(),
                e.events.committed.size(), crashes, syncs, txns);
    }
}
