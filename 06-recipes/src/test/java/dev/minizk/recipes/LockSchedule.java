package dev.minizk.recipes;

import dev.minizk.client.ClientState;
import dev.minizk.sim.NetworkFaults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded schedule of the exclusive lock (see {@link LockScheduleTest}), on a standalone
 * server or on a three-server ensemble with {@link EnsembleFaults}. Each worker is a small state
 * machine on its client machine's loop: acquire → hold (maybe pause, cut off from every server,
 * longer than the session timeout) → write with the token → release → next round.
 *
 * <p>Invariants, checked after every simulated event: at most one worker holds the lock while
 * its lock node still exists on the authority (the standalone server, or the ensemble's
 * established leader: a node is gone there first); grants come in token order (each token above
 * the last). At the end: every write the fenced resource accepted carries a token the lock
 * granted to that writer, and every worker whose session lived finished its rounds.
 */
final class LockSchedule {
    static final int WORKERS = 4;
    static final int ROUNDS = 3;
    static final String LOCK = "/locks/resource";
    static final long MAX_VIRTUAL_MILLIS = 120_000;

    record Outcome(long grants, long staleWritesRefused, long sessionsExpired, List<String> violations, List<String> faults,
                   String timeline) {
    }

    private final RecipeWorld world;
    private final boolean withFaults;
    private Optional<EnsembleFaults> faults = Optional.empty();
    private final FencedResource resource = new FencedResource();
    private final List<Worker> workers = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<Long, String> grantedTo = new HashMap<>();
    private final Random random;
    private long lastGrantedToken = Long.MIN_VALUE;

    private LockSchedule(RecipeWorld world, long seed, boolean withFaults) {
        this.world = world;
        random = new Random(seed * 31 + 7);
        this.withFaults = withFaults;
    }

    /** On a standalone server. */
    static Outcome run(long seed, NetworkFaults network) {
        return new LockSchedule(new RecipeWorld(seed, network), seed, false).run();
    }

    /** On a three-server ensemble with a partition and maybe a leader crash. */
    static Outcome onEnsemble(long seed) {
        RecipeWorld world = RecipeWorld.ensemble(seed, NetworkFaults.reliable().withDelay(1, 10));
        if (!world.settle(30_000)) {
            return new Outcome(0, 0, 0, List.of("the ensemble elected no leader in 30 s"), List.of(), world.timeline());
        }
        return new LockSchedule(world, seed, true).run();
    }

    private Outcome run() {
        for (int i = 1; i <= WORKERS; i++) {
            workers.add(new Worker(world.join("w" + i)));
        }
        if (withFaults) {
            faults = Optional.of(new EnsembleFaults(world, random, 6_000)); // drawn once every session is open
        }
        workers.forEach(w -> w.participant.machine().execute(w::nextRound));
        boolean settled = world.runUntil(() -> {
            faults.ifPresent(EnsembleFaults::afterEvent);
            checkOneHolder();
            return workers.stream().allMatch(Worker::done);
        }, MAX_VIRTUAL_MILLIS);
        if (!settled) {
            violations.add("not every worker finished within " + MAX_VIRTUAL_MILLIS / 1000 + " s (virtual): " + workers);
        }
        checkResource();
        long expired = workers.stream().filter(w -> w.participant.client().state() == ClientState.EXPIRED).count();
        return new Outcome(grantedTo.size(), resource.rejected(), expired, violations,
                faults.map(EnsembleFaults::plan).orElse(List.of()), violations.isEmpty() ? "" : world.timeline());
    }

    /** Holders whose lock node the authority still has: at most one (none counted while an ensemble has no leader). */
    private void checkOneHolder() {
        world.treeNow().ifPresent(tree -> {
            List<Worker> holders = workers.stream()
                    .filter(w -> w.lock != null && w.lock.isHeld() && tree.exists(LOCK + "/" + w.lock.nodeName()))
                    .toList();
            if (holders.size() > 1 && violations.size() < 10) {
                violations.add("at " + world.sim.now() + " ms " + holders.size() + " workers hold the lock with their nodes in place: "
                        + holders);
            }
        });
    }

    private void granted(Worker worker, long token) {
        if (token <= lastGrantedToken) {
            violations.add(worker.name() + " was granted token " + token + " after token " + lastGrantedToken);
        }
        lastGrantedToken = Math.max(lastGrantedToken, token);
        String earlier = grantedTo.put(token, worker.name());
        if (earlier != null) {
            violations.add("token " + token + " was granted to " + earlier + " and again to " + worker.name());
        }
    }

    private void checkResource() {
        for (FencedResource.Write write : resource.writes()) {
            if (write.accepted() && !write.writer().equals(grantedTo.get(write.token()))) {
                violations.add("the resource accepted token " + write.token() + " from " + write.writer()
                        + ", but the lock granted it to " + grantedTo.get(write.token()));
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
            return name() + "(round " + round + ", " + (lock == null ? "-" : lock.state() + " " + lock.nodeName()) + ", "
                    + participant.client().state() + ")";
        }
    }
}
