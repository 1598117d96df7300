package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.election.RoundSplits;
import dev.minizk.history.CheckResult;
import dev.minizk.history.HistoryChecker;
import dev.minizk.replica.ClientLoad;
import dev.minizk.replica.ServingEnsemble;
import dev.minizk.replica.ZabFuzz;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.Commit;
import dev.minizk.zabcheck.ZabReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One seeded schedule of real crashes for a durable ensemble with the course's clients on it:
 * stage 04's {@link ServingEnsemble} whose servers keep their log, snapshots and epochs on their
 * simulated disks ({@link DiskPersistence}), and stage 04's {@link ClientLoad} (conditional
 * writes, sequential creates, ephemerals, watches, {@code sync}, multi). Drawn from the seed: 3 or
 * 5 voters, TCP-like peer connections with a delay of 1–20 ms and in a third of the schedules a
 * loss rate (each loss breaks a connection), clocks up to 0.1 s apart and 2% fast or slow, disks whose syncs take a drawn time
 * and whose crashes tear the unsynced tail at a drawn rate, small {@code snapCount}s so that
 * snapshots are taken and purged all the time, 2–4 clients. Then 2–4 s of partitions, heals,
 * crashes of any number of servers (all of them at once too) and restarts under the clients'
 * load. After the storm: heal, restart everyone, and liveness: an established leader with every
 * server caught up within 30 s, every client served a {@code sync} and a read.
 *
 * <p>Checked: after every restart the server's tree and sessions equal the committed prefix it
 * claims; at the end every server holds every committed txn (no acknowledged write lost) and the
 * same tree, Zab's properties hold (one leader per epoch among them), no election round elected
 * two leaders unless a restarted server decided in it twice, and the clients' history fits ZooKeeper's consistency model
 * (OK, VIOLATION with its witness, or UNKNOWN when the checker's budget runs out: counted and
 * reported, never taken for OK).
 */
final class CrashFuzz {

    /** {@code -Dminizk.strictRounds=true}: fail on a round with two leaders even when a restart explains it (§9 of lesson 05). */
    static final boolean STRICT_ROUNDS = Boolean.getBoolean("minizk.strictRounds");

    /** Stage 04's outcome of a schedule, how the disks batched their syncs, and the rounds restarts split. */
    record Result(ZabFuzz.Outcome outcome, long syncs, long txnsSynced, int amnesiaSplits) {
    }

    private final ServingEnsemble e;
    private final ClientLoad load;
    private final Random random;
    private final Map<Integer, DiskPersistence> disks = new TreeMap<>();
    private final List<String> schedule = new ArrayList<>();
    private int crashes;
    private int restarts;
    private int amnesiaSplits;

    private CrashFuzz(long seed, Random random, int timelineLines) {
        this.random = random;
        int voters = random.nextBoolean() ? 3 : 5;
        long maxDelay = 1 + random.nextInt(20);
        long minSync = 1 + random.nextInt(5);
        long maxSync = minSync + random.nextInt(40);
        double torn = random.nextInt(4) == 0 ? 0 : random.nextDouble();
        double loss = random.nextInt(3) == 0 ? 0.002 + random.nextDouble() * 0.01 : 0; // each loss breaks a connection
        SimConfig simConfig = SimConfig.reliable().withNetwork(new NetworkFaults(1, maxDelay, loss, 0, true).withConnections())
                .withClockSkew(random.nextInt(100), random.nextDouble() * 0.02)
                .withDisk(minSync, maxSync, torn).withTimelineCapacity(Math.max(timelineLines, 1));
        ZabConfig zab = ZabConfig.simulated().withMaxOutstandingProposals(2 + random.nextInt(40));
        RecoveryConfig recovery = RecoveryConfig.simulated().withSnapCount(4 + random.nextInt(60)).withSnapRetainCount(1 + random.nextInt(3));
        this.e = new ServingEnsemble(seed, simConfig, QuorumVerifier.majorityOf(voters), zab, 1_000, id -> {
            DiskPersistence disk = new DiskPersistence(recovery);
            disks.put(id, disk);
            return disk;
        });
        e.sim.setEventBudget(3_000_000);
        this.load = new ClientLoad(e, random, 2 + random.nextInt(3));
        schedule.add(voters + " voters, " + load.clients() + " clients, delay 1-" + maxDelay + " ms, loss " + String.format("%.3f", loss) + ", sync " + minSync + "-" + maxSync
                + " ms, torn " + String.format("%.2f", torn) + ", snapCount " + recovery.snapCount()
                + ", retain " + recovery.snapRetainCount() + ", max outstanding " + zab.maxOutstandingProposals());
    }

    static Result run(long seed, int timelineLines) {
        return new CrashFuzz(seed, new Random(seed), timelineLines).runSchedule(seed, timelineLines);
    }

    private Result runSchedule(long seed, int timelineLines) {
        long settleMillis = -1;
        int served = 0;
        ZabFuzz.Verdict verdict = ZabFuzz.Verdict.NOT_CHECKED;
        String failure;
        try {
            load.start();
            note("clients connected, key space created");
            storm();
            e.sim.heal();
            note("heal, restart all");
            long healedAt = e.sim.now();
            restart(e.verifier.members());
            if (!e.sim.runUntil(e::caughtUp, 30_000)) {
                throw new AssertionError("liveness: no established leader with every server caught up 30 s after the heal\n" + e);
            }
            settleMillis = e.sim.now() - healedAt;
            served = load.serveEveryClient(30_000);
            failure = served < load.clients() ? "liveness: only " + served + " of " + load.clients()
                    + " clients were served a sync and a read within 30 s of the heal" : finalCheck();
            if (failure == null) {
                CheckResult history = HistoryChecker.check(load.history());
                verdict = history instanceof CheckResult.Ok ? ZabFuzz.Verdict.OK
                        : history instanceof CheckResult.Unknown ? ZabFuzz.Verdict.UNKNOWN : ZabFuzz.Verdict.VIOLATION;
                if (verdict == ZabFuzz.Verdict.VIOLATION) {
                    failure = "the clients' history breaks ZooKeeper's consistency model: " + history.describe();
                }
            }
        } catch (RuntimeException | AssertionError thrown) {
            failure = thrown.toString();
        }
        String timeline = failure != null && timelineLines > 0 ? e.sim.report(timelineLines) + "\n" + e : "";
        ZabFuzz.Outcome outcome = new ZabFuzz.Outcome(seed, failure == null, failure, List.copyOf(schedule), timeline,
                e.sim.eventsProcessed(), e.recorder.establishments().size(), e.recorder.commits().size(), settleMillis,
                load.opsRecorded(), verdict, load.clients(), served, crashes, restarts, load.expiries());
        long syncs = 0;
        long txns = 0;
        for (DiskPersistence disk : disks.values()) { // the last incarnation of each server
            syncs += disk.log().syncs();
            txns += disk.log().txnsSynced();
        }
        return new Result(outcome, syncs, txns, amnesiaSplits);
    }

    /** After the clients' last calls: caught up, every committed txn everywhere, one tree, Zab's properties. */
    private String finalCheck() {
        if (!e.sim.runUntil(e::caughtUp, 10_000)) {
            return "liveness: not caught up after the clients' last calls\n" + e;
        }
        long lastCommitted = e.recorder.commits().stream().mapToLong(Commit::zxid).max().orElse(0);
        for (int id : e.verifier.members()) {
            long delivered = e.server(id).lastZxid();
            if (delivered < lastCommitted) {
                return "committed writes lost: server " + id + " delivered up to " + Zxid.format(delivered)
                        + " but " + Zxid.format(lastCommitted) + " was committed";
            }
            String mismatch = e.stateMismatch(id);
            if (mismatch != null) {
                return "after the final settle: " + mismatch;
            }
        }
        if (!e.sameTrees()) {
            return "the servers' trees differ after the final settle";
        }
        ZabReport report = e.check();
        return report.ok() ? checkRounds() : report.describe();
    }

    /**
     * Fast leader election's promise, at most one leader elected by a quorum per round, broken
     * only where a server decided in that round in two incarnations (the round is not persisted,
     * in ZooKeeper neither): such a split is counted, and Zab's one leader per epoch (checked
     * above, with epochs persisted) keeps the two reigns apart. Any other split fails, and with
     * {@link #STRICT_ROUNDS} every split does.
     */
    private String checkRounds() {
        for (RoundSplits.Split split : RoundSplits.find(e.recorder.decisions(), e.verifier)) {
            if (!split.byAmnesia() || STRICT_ROUNDS) {
                return "safety 1: " + split.describe();
            }
            amnesiaSplits++;
        }
        return null;
    }

    /** 2–4 s of faults under the clients' load; any number of servers may be down at once, all of them too. */
    private void storm() {
        List<Integer> members = new ArrayList<>(e.verifier.members());
        long end = e.sim.now() + 2_000 + random.nextInt(2_000);
        while (e.sim.now() < end) {
            load.step();
            e.sim.runFor(5 + random.nextInt(40));
            if (random.nextInt(8) != 0) {
                continue;
            }
            int dice = random.nextInt(10);
            if (dice < 2) {
                partition(members);
            } else if (dice < 3) {
                e.sim.heal();
                note("heal");
            } else if (dice < 5) {
                note("crash all");
                for (int id : members) {
                    crash(id);
                }
            } else if (dice < 8) {
                int victim = e.leader().filter(l -> random.nextBoolean()).orElse(members.get(random.nextInt(members.size())));
                if (e.sim.isUp(victim)) {
                    note("crash(" + victim + ")");
                    crash(victim);
                }
            } else {
                List<Integer> down = members.stream().filter(id -> !e.sim.isUp(id)).toList();
                if (!down.isEmpty()) {
                    restart(List.of(down.get(random.nextInt(down.size()))));
                }
            }
            if (members.stream().noneMatch(e.sim::isUp) || random.nextInt(3) == 0) {
                e.sim.runFor(random.nextInt(100));
                restart(members);
            }
        }
    }

    private void partition(List<Integer> members) {
        List<Integer> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, random);
        int cut = 1 + random.nextInt(shuffled.size() - 1);
        Set<Integer> left = new TreeSet<>(shuffled.subList(0, cut));
        Set<Integer> right = new TreeSet<>(shuffled.subList(cut, shuffled.size()));
        e.sim.partition(left, right);
        note("partition(" + left + " | " + right + ")");
    }

    private void crash(int id) {
        if (e.sim.isUp(id)) {
            e.sim.crash(id);
            crashes++;
        }
    }

    /** Restarts the servers of {@code ids} that are down and checks each one's recovered state. */
    private void restart(Iterable<Integer> ids) {
        List<Integer> restarted = new ArrayList<>();
        for (int id : ids) {
            if (!e.sim.isUp(id)) {
                e.sim.restart(id);
                restarts++;
                restarted.add(id);
                note("restart(" + id + ")");
            }
        }
        e.sim.runFor(0);
        for (int id : restarted) {
            String mismatch = e.sim.isUp(id) ? e.stateMismatch(id) : null;
            if (mismatch != null) {
                throw new AssertionError("after its restart: " + mismatch);
            }
        }
    }

    private void note(String what) {
        schedule.add("t=" + e.sim.now() + " " + what);
    }
}
