package dev.minizk.recipes;

import dev.minizk.client.ClientState;
import dev.minizk.sim.NetworkFaults;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One seeded schedule of the exclusive lock (see {@link LockScheduleTest}). Each worker is a
 * small state machine on its client machine's loop: acquire → hold (maybe pause, cut off from
 * the server, longer than the session timeout) → write with the token → release → next round.
 *
 * <p>Invariants, checked after every simulated event: at most one worker holds the lock while
 * its session is alive on the server; grants come in token order (each token above the last).
 * At the end: the resource accepted tokens in non-decreasing order, and every worker whose
 * session lived finished its rounds.
 */
final class LockSchedule {
    static final int WORKERS = 4;
    static final int ROUNDS = 3;
    static final String LOCK = "/locks/resource";

    record Outcome(long grants, long staleWritesRefused, long sessionsExpired, List<String> violations, String timeline) {
    }

    private final RecipeWorld world;
    private final FencedResource resource = new FencedResource();
    private final List<Worker> workers = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Random random;
    private long lastGrantedToken = Long.MIN_VALUE;
    private long grants;

    private LockSchedule(long seed, NetworkFaults network) {
        world = new RecipeWorld(seed, network);
        random = new Random(seed * 31 + 7);
    }

    static Outcome run(long seed, NetworkFaults network) {
        return new LockSchedule(seed, network).run();
    }

    private Outcome run() {
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(new Worker(world.join("w" + i)));
        }
        workers.forEach(w -> w.participant.machine().execute(w::nextRound));
        boolean settled = world.runUntil(() -> {
            checkOneLiveHolder();
            return workers.stream().allMatch(Worker::done);
        }, 120_000);
        if (!settled) {
            violations.add("not every worker finished within 120 s (virtual): " + workers);
        }
        checkResource();
        long expired = workers.stream().filter(w -> w.participant.client().state() == ClientState.EXPIRED).count();
        return new Outcome(grants, resource.rejected(), expired, violations, violations.isEmpty() ? "" : world.timeline());
    }

    private void checkOneLiveHolder() {
        var live = world.liveSessions();
        long holders = workers.stream().filter(w -> w.lock != null && w.lock.isHeld() && live.contains(w.participant.sessionId())).count();
        if (holders > 1 && violations.size() < 10) {
            violations.add("at " + world.sim.now() + " ms " + holders + " workers with live sessions hold the lock: " + workers);
        }
    }

    private void granted(Worker worker, long token) {
        grants++;
        if (token <= lastGrantedToken) {
            violations.add(worker.name() + " was granted token " + token + " after token " + lastGrantedToken);
        }
        lastGrantedToken = token;
    }

    private void checkResource() {
        long highest = Long.MIN_VALUE;
        for (FencedResource.Write write : resource.writes()) {
            if (write.accepted() && write.token() < highest) {
                violations.add("the resource accepted stale token " + write.token() + " after " + highest);
            }
            if (write.accepted()) {
                highest = write.token();
            }
        }
    }

    /** A client that takes the lock {@link #ROUNDS} times. */
    private final class Worker {
        final RecipeWorld.Participant participant;
        ExclusiveLock lock;
        int round;
        boolean finished;

        Worker(RecipeWorld.Participant participant) {
            this.participant = participant;
        }

        String name() {
            return participant.name();
        }

        boolean done() {
            return finished || !participant.client().state().isAlive();
        }

        void nextRound() {
            if (round == ROUNDS || !participant.client().state().isAlive()) {
                finished = true;
                return;
            }
            round++;
            lock = new ExclusiveLock(participant.client(), participant.session(), LOCK, world.guids);
            lock.acquire().whenComplete((token, failure) -> {
                if (failure != null) {
                    finished = true; // the session ended while waiting
                    return;
                }
                granted(this, token);
                hold(token);
            });
        }

        void hold(long token) {
            boolean pause = random.nextInt(8) == 0;
            long holdMillis = pause ? RecipeWorld.SESSION_TIMEOUT_MILLIS * 2L + random.nextInt(2_000) : 1 + random.nextInt(300);
            if (pause) {
                world.sim.cutOff(participant.machine()); // a long GC pause: no pings, no replies, no watch events
            }
            participant.runtime().schedule(holdMillis, () -> {
                if (pause) {
                    world.sim.reconnect(participant.machine());
                }
                resource.write(name(), token, world.sim.now()); // the paused holder still believes it holds the lock
                lock.release().whenComplete((ignored, failure) ->
                        participant.runtime().schedule(random.nextInt(200), this::nextRound));
            });
        }

        @Override
        public String toString() {
            return name() + "(round " + round + ", " + (lock == null ? "-" : lock.state()) + ", " + participant.client().state() + ")";
        }
    }
}
