package dev.minizk.recipes;

import dev.minizk.sim.NetworkFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The election, the double barrier, the queue and group membership on a three-server ensemble
 * of stage 04's replicas, under {@link EnsembleFaults} (a server cut off for a while, the leader
 * crashed in about half the schedules). The lock's ensemble schedules are in
 * {@link LockScheduleTest}. Each schedule is one seed; a failing one prints its faults, its
 * timeline and the command that replays it. Ungraded.
 *
 * <p>Replay: {@code mvn -o -q -pl 06-recipes -am test -Dtest=EnsembleRecipesTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}; fewer schedules: {@code -Dminizk.schedules=N}.
 */
class EnsembleRecipesTest {
    private static final int ELECTION_SCHEDULES = 300;
    /** The other recipes' schedules: fewer seeds, each with more clients and writes. */
    private static final int OTHER_SCHEDULES = 100;
    private static final NetworkFaults PEERS = NetworkFaults.reliable().withDelay(1, 10);

    /** One schedule's world, its faults and what its checks found. */
    private static final class Run {
        final long seed;
        final RecipeWorld world;
        final Random random;
        final List<String> violations = new ArrayList<>();
        EnsembleFaults faults;

        Run(long seed) {
            this.seed = seed;
            world = RecipeWorld.ensemble(seed, PEERS);
            random = new Random(seed * 17 + 3);
            if (!world.settle(30_000)) {
                violations.add("the ensemble elected no leader in 30 s");
            }
        }

        /** Draws the faults; call once the clients have joined. */
        void startFaults() {
            faults = new EnsembleFaults(world, random, 4_000);
        }

        /** Runs with the faults and a check after every event until {@code done} or {@code maxMillis}. */
        boolean runUntil(Runnable check, BooleanSupplier done, long maxMillis) {
            return world.runUntil(() -> {
                if (faults != null) {
                    faults.afterEvent();
                }
                check.run();
                return done.getAsBoolean();
            }, maxMillis);
        }

        void violation(String text) {
            if (violations.size() < 10) {
                violations.add("at " + world.sim.now() + " ms: " + text);
            }
        }

        String report() {
            return "faults: " + (faults == null ? "none yet" : faults.plan()) + "\n" + violations + "\n" + world.timeline()
                    + "\n---- replay: " + LockScheduleTest.replay("EnsembleRecipesTest", seed);
        }
    }

    /** Runs the schedule on each seed's settled ensemble. */
    private static void runSchedules(String what, int count, Consumer<Run> schedule) {
        long[] seeds = LockScheduleTest.seeds(count);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        long crashes = 0;
        for (long seed : seeds) {
            Run run = new Run(seed);
            if (run.violations.isEmpty()) {
                schedule.accept(run);
            }
            crashes += run.faults == null ? 0 : run.faults.plan().stream().filter(f -> f.contains("crashes")).count();
            if (!run.violations.isEmpty()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing " + what + " schedule, seed " + seed + " ----\n" + run.report());
                }
                failures.add("seed " + seed + ": " + run.violations);
            }
        }
        System.out.printf("%d %s schedules on an ensemble (seeds %d..%d) in %d ms: %d leader crashes, %d violations%n",
                seeds.length, what, seeds[0], seeds[seeds.length - 1], (System.nanoTime() - started) / 1_000_000, crashes,
                failures.size());
        assertThat(failures).as("%d of %d %s schedules failed", failures.size(), seeds.length, what).isEmpty();
    }

    @Test
    @Timeout(300)
    void election_at_most_one_participant_acts_as_leader_while_its_node_lives_and_one_leads_in_the_end() {
        runSchedules("election", ELECTION_SCHEDULES, EnsembleRecipesTest::election);
    }

    private static void election(Run run) {
        List<LeaderElectionTest.Recorder> recorders = new ArrayList<>();
        List<LeaderElection> elections = new ArrayList<>();
        List<RecipeWorld.Participant> people = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            RecipeWorld.Participant p = run.world.join("p" + i);
            LeaderElectionTest.Recorder recorder = new LeaderElectionTest.Recorder();
            LeaderElection election = new LeaderElection(p.client(), p.session(), "/election", "p" + i, run.world.guids, recorder);
            people.add(p);
            recorders.add(recorder);
            elections.add(election);
            p.machine().execute(election::start);
        }
        run.startFaults();
        // Acting leaders whose latch node the ensemble's leader still has: an expired one is not counted.
        Runnable atMostOne = () -> run.world.treeNow().ifPresent(tree -> {
            long acting = 0;
            for (int i = 0; i < 3; i++) {
                if (recorders.get(i).leading && elections.get(i).nodeName() != null
                        && tree.exists("/election/" + elections.get(i).nodeName())) {
                    acting++;
                }
            }
            if (acting > 1) {
                run.violation(acting + " participants act as leader: " + elections);
            }
        });
        int[] old = {-1};
        if (!run.runUntil(atMostOne, () -> (old[0] = leaderOf(recorders)) >= 0, 20_000)) {
            run.violation("nobody leads: " + elections);
            return;
        }
        int leader = old[0];
        if (run.random.nextBoolean()) {
            people.get(leader).machine().execute(elections.get(leader)::close); // handoff
        } else {
            run.world.sim.cutOff(people.get(leader).machine()); // paused past the session timeout
            people.get(leader).runtime().schedule(RecipeWorld.SESSION_TIMEOUT_MILLIS * 2L + run.random.nextInt(2_000),
                    () -> run.world.sim.reconnect(people.get(leader).machine()));
        }
        // In the end one leads: a new one, or the paused one again if its session outlived the pause
        // (a leader change in between gives every session a fresh timeout).
        run.runUntil(atMostOne, () -> false, 12_000); // every fault is over by now
        // After a heal, a server may wait out its vote's backoff (doubling up to 60 s, as ZooKeeper's) before the
        // ensemble elects a leader again; then the participants reconnect and look again.
        run.runUntil(atMostOne, run.world::serving, 60_000);
        run.runUntil(atMostOne, () -> false, 5_000);
        if (recorders.stream().filter(r -> r.leading).count() != 1) {
            run.violation("not exactly one leader once the faults are over: " + elections);
        } else if (elections.get(leader).state() == LeaderElection.State.CLOSED && recorders.get(leader).leading) {
            run.violation("the participant that left still leads: " + elections);
        }
    }

    private static int leaderOf(List<LeaderElectionTest.Recorder> recorders) {
        for (int i = 0; i < recorders.size(); i++) {
            if (recorders.get(i).leading) {
                return i;
            }
        }
        return -1;
    }

    @Test
    @Timeout(300)
    void double_barrier_nobody_starts_before_all_entered_nor_leaves_before_all_started_leaving() {
        runSchedules("barrier", OTHER_SCHEDULES, EnsembleRecipesTest::barrier);
    }

    private static void barrier(Run run) {
        int members = 3;
        long[] lastEnterAsked = {-1};
        long[] lastLeaveAsked = {-1};
        int[] enterAsked = {0};
        int[] leaveAsked = {0};
        List<CompletableFuture<Void>> left = new ArrayList<>();
        List<RecipeWorld.Participant> people = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            people.add(run.world.join("m" + i));
        }
        run.startFaults();
        for (RecipeWorld.Participant p : people) {
            DoubleBarrier barrier = new DoubleBarrier(p.client(), "/barriers/b", p.name(), members);
            p.runtime().schedule(run.random.nextInt(3_000), () -> {
                enterAsked[0]++;
                lastEnterAsked[0] = run.world.sim.now();
                barrier.enter().thenRun(() -> {
                    if (enterAsked[0] < members) {
                        run.violation(p.name() + " entered when only " + enterAsked[0] + " had asked to");
                    }
                    p.runtime().schedule(run.random.nextInt(2_000), () -> {
                        leaveAsked[0]++;
                        lastLeaveAsked[0] = run.world.sim.now();
                        left.add(barrier.leave().whenComplete((ignored, failure) -> {
                            if (leaveAsked[0] < members) {
                                run.violation(p.name() + " left when only " + leaveAsked[0] + " had asked to");
                            }
                        }));
                    });
                });
            });
        }
        if (!run.runUntil(() -> { }, () -> left.size() == members && left.stream().allMatch(CompletableFuture::isDone), 60_000)) {
            run.violation("not every member entered and left: " + enterAsked[0] + " entered, " + leaveAsked[0] + " asked to leave");
        }
    }

    @Test
    @Timeout(300)
    void queue_every_item_is_taken_exactly_once_and_each_consumer_sees_queue_order() {
        runSchedules("queue", OTHER_SCHEDULES, EnsembleRecipesTest::queue);
    }

    private static void queue(Run run) {
        int items = 15;
        RecipeWorld.Participant producer = run.world.join("producer");
        FifoQueue queue = new FifoQueue(producer.client(), "/queues/jobs", "producer");
        producer.runtime().await(queue.create(), 5_000);
        for (int i = 0; i < items; i++) { // offered before the faults: a retried offer could add an item twice
            producer.runtime().await(queue.offer(Integer.toString(i).getBytes(StandardCharsets.UTF_8)), 5_000);
        }
        List<List<Integer>> seen = new ArrayList<>();
        List<CompletableFuture<byte[]>> takes = new ArrayList<>();
        List<RecipeWorld.Participant> consumers = new ArrayList<>();
        for (int c = 1; c <= 3; c++) {
            consumers.add(run.world.join("c" + c));
        }
        run.startFaults();
        for (RecipeWorld.Participant consumer : consumers) {
            FifoQueue q = new FifoQueue(consumer.client(), "/queues/jobs", consumer.name());
            List<Integer> mine = new ArrayList<>();
            seen.add(mine);
            consumer.machine().execute(() -> takeSlowly(run, consumer, q, items / 3, mine, takes));
        }
        if (!run.runUntil(() -> { }, () -> takes.size() == items && takes.stream().allMatch(CompletableFuture::isDone), 90_000)) {
            run.violation("not every take completed: " + seen);
        }
        List<Integer> all = new ArrayList<>();
        seen.forEach(all::addAll);
        if (all.size() != all.stream().distinct().count()) {
            run.violation("an item was taken twice: " + seen);
        }
        if (takes.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
            run.violation("a take failed: " + takes);
        }
        for (List<Integer> mine : seen) {
            if (!mine.equals(mine.stream().sorted().toList())) {
                run.violation("a consumer saw items out of queue order: " + seen);
            }
        }
    }

    /** Takes {@code left} items one at a time, a random while apart, so the faults meet the takes. */
    private static void takeSlowly(Run run, RecipeWorld.Participant consumer, FifoQueue queue, int left, List<Integer> mine,
                                   List<CompletableFuture<byte[]>> takes) {
        if (left == 0) {
            return;
        }
        CompletableFuture<byte[]> take = queue.take();
        takes.add(take);
        take.whenComplete((item, failure) -> {
            if (failure == null) {
                mine.add(Integer.parseInt(new String(item, StandardCharsets.UTF_8)));
                consumer.runtime().schedule(run.random.nextInt(600), () -> takeSlowly(run, consumer, queue, left - 1, mine, takes));
            }
        });
    }

    @Test
    @Timeout(300)
    void membership_the_live_list_ends_equal_to_the_members_whose_sessions_live() {
        runSchedules("membership", OTHER_SCHEDULES, EnsembleRecipesTest::membership);
    }

    private static void membership(Run run) {
        RecipeWorld.Participant watcher = run.world.join("watcher");
        GroupMembership observer = new GroupMembership(watcher.client(), "/groups/workers", list -> { });
        watcher.machine().execute(observer::watch);
        List<RecipeWorld.Participant> members = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            RecipeWorld.Participant p = run.world.join("m" + i);
            members.add(p);
            GroupMembership membership = new GroupMembership(p.client(), "/groups/workers", list -> { });
            p.machine().execute(() -> membership.join(p.name()));
        }
        run.startFaults();
        RecipeWorld.Participant paused = members.get(run.random.nextInt(members.size()));
        long pauseAt = run.world.sim.now() + run.random.nextInt(4_000);
        paused.runtime().schedule(pauseAt - run.world.sim.now(), () -> {
            run.world.sim.cutOff(paused.machine()); // it stays a member until its session expires
            paused.runtime().schedule(RecipeWorld.SESSION_TIMEOUT_MILLIS * 2L, () -> run.world.sim.reconnect(paused.machine()));
        });
        run.runUntil(() -> { }, () -> false, 12_000); // every fault is over by now
        BooleanSupplier agrees = () -> observer.members().equals(liveMembers(members));
        if (!run.runUntil(() -> { }, agrees, 60_000)) { // an ensemble may wait out a vote's backoff first
            run.violation("the live list " + observer.members() + " is not the live sessions' members " + liveMembers(members));
        }
    }

    private static List<String> liveMembers(List<RecipeWorld.Participant> members) {
        return members.stream().filter(p -> p.client().state().isAlive()).map(RecipeWorld.Participant::name).sorted().toList();
    }
}
