package dev.minizk.replica;

import dev.minizk.history.CheckResult;
import dev.minizk.history.HistoryChecker;
import dev.minizk.zabcheck.ZabReport;

import java.util.List;
import java.util.Random;

/**
 * One seeded fault schedule for a replicated ensemble with clients ({@link FuzzWorld}): the
 * clients connect and create their key space ({@link ClientLoad}), then 2–5 s of faults under
 * their load ({@link FaultStorm}). After the storm: heal, restart whoever is down (empty), and
 * check liveness: an established leader with every live server caught up within 30 s, and every
 * client served a {@code sync} and a read. Then every check of the run: Zab's properties, the
 * same tree on every server, and the clients' history against ZooKeeper's consistency model
 * (OK, VIOLATION with its witness, or UNKNOWN when the checker's search budget runs out, which is
 * counted and reported, never taken for OK).
 */
public final class ZabFuzz {

    /** What the history checker said; {@code NOT_CHECKED} when the run failed before it. */
    public enum Verdict { OK, VIOLATION, UNKNOWN, NOT_CHECKED }

    /** What one schedule did and found. */
    public record Outcome(long seed, boolean ok, String failure, List<String> schedule, String timeline, long events,
                   int establishments, int commits, long settleMillis, int clientOps, Verdict history,
                   int clients, int clientsServed, int crashes, int restarts, int expiries) {
        public String describe() {
            return "seed " + seed + (ok ? " ok" : " FAILED: " + failure) + "\n  schedule: " + String.join(", ", schedule);
        }
    }

    private ZabFuzz() {
    }

    static Outcome run(long seed, int timelineLines) {
        return run(seed, timelineLines, false, true);
    }

    static Outcome run(long seed, int timelineLines, boolean alwaysTimeline) {
        return run(seed, timelineLines, alwaysTimeline, true);
    }

    /** With {@code alwaysTimeline}, the outcome carries the timeline even when the run is ok (to compare two runs). */
    static Outcome run(long seed, int timelineLines, boolean alwaysTimeline, boolean checkHistory) {
        Random random = new Random(seed);
        FuzzWorld world = FuzzWorld.draw(seed, random, Math.max(timelineLines, 2_000));
        ServingEnsemble e = world.e;
        ClientLoad load = new ClientLoad(e, random, 2 + random.nextInt(3));
        FaultStorm storm = new FaultStorm(world, load, random);
        Run run = new Run(world, load, storm, seed, timelineLines);
        try {
            load.start();
            world.note(load.clients() + " clients connected, key space created");
            storm.run();
            run.settleMillis = heal(world);
            run.clientsServed = load.serveEveryClient(30_000);
            if (run.clientsServed < load.clients()) {
                return run.failed("liveness: only " + run.clientsServed + " of " + load.clients()
                        + " clients were served a sync and a read within 30 s of the heal");
            }
            if (!e.sim.runUntil(e::caughtUp, 10_000)) {
                return run.failed("liveness: not caught up after the clients' last calls\n" + e);
            }
            if (!e.sameTrees()) {
                return run.failed("the servers' trees differ after the final settle");
            }
            ZabReport report = e.check();
            if (!report.ok()) {
                return run.failed(report.describe());
            }
            if (!checkHistory) {
                return run.outcome(null, alwaysTimeline);
            }
            CheckResult history = HistoryChecker.check(load.history());
            run.verdict = history instanceof CheckResult.Ok ? Verdict.OK
                    : history instanceof CheckResult.Unknown ? Verdict.UNKNOWN : Verdict.VIOLATION;
            if (run.verdict == Verdict.VIOLATION) {
                return run.failed("the clients' history breaks ZooKeeper's consistency model: " + history.describe());
            }
            return run.outcome(null, alwaysTimeline);
        } catch (RuntimeException | AssertionError failure) {
            return run.failed(failure.toString());
        }
    }

    /** Heal, restart whoever is down (empty), and wait for one established leader with everyone caught up. Returns how long that took. */
    private static long heal(FuzzWorld world) {
        ServingEnsemble e = world.e;
        e.sim.heal();
        world.note("heal");
        long healedAt = e.sim.now();
        if (!e.sim.runUntil(e::caughtUp, 30_000)) {
            throw new AssertionError("liveness: no established leader with every live server caught up 30 s after the heal\n" + e);
        }
        for (int id : e.verifier.members()) {
            if (!e.sim.isUp(id)) {
                e.sim.restart(id);
                world.note("restart(" + id + ") empty");
            }
        }
        e.sim.runFor(1);
        if (!e.sim.runUntil(e::caughtUp, 30_000)) {
            throw new AssertionError("liveness: the restarted servers did not catch up within 30 s\n" + e);
        }
        return e.sim.now() - healedAt;
    }

    /** What a run gathered so far, turned into an {@link Outcome} when it ends. */
    private static final class Run {
        final FuzzWorld world;
        final ClientLoad load;
        final FaultStorm storm;
        final long seed;
        final int timelineLines;
        long settleMillis = -1;
        int clientsServed;
        Verdict verdict = Verdict.NOT_CHECKED;

        Run(FuzzWorld world, ClientLoad load, FaultStorm storm, long seed, int timelineLines) {
            this.world = world;
            this.load = load;
            this.storm = storm;
            this.seed = seed;
            this.timelineLines = timelineLines;
        }

        Outcome failed(String why) {
            return outcome(why, true);
        }

        Outcome outcome(String failure, boolean withTimeline) {
            ServingEnsemble e = world.e;
            String timeline = withTimeline && timelineLines > 0 ? e.sim.report(timelineLines) + "\n" + e : "";
            return new Outcome(seed, failure == null, failure, List.copyOf(world.schedule), timeline, e.sim.eventsProcessed(),
                    e.recorder.establishments().size(), e.recorder.commits().size(), settleMillis, load.opsRecorded(), verdict,
                    load.clients(), clientsServed, storm.crashes(), storm.restarts(), load.expiries());
        }
    }
}
