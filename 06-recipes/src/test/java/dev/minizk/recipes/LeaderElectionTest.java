package dev.minizk.recipes;

import dev.minizk.client.ClientState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election in the simulator. Graded (06.4): the lowest node leads, close hands over, a
 * disconnected leader stops acting at once, an expired one is told and out. Ungraded: 300 seeded
 * schedules of three participants, the leader hands over by closing or is paused past the
 * session timeout; checked after every event: at most one participant acts as leader.
 *
 * <p>Replay: {@code mvn -o -q -pl 06-recipes test -Dtest=LeaderElectionTest -Dminizk.seed=N}.
 */
class LeaderElectionTest {
    private static final int SCHEDULES = 300;

    /** A participant that records what it was told. */
    static final class Recorder implements LeaderElection.Listener {
        boolean leading;
        int terms;

        @Override
        public void isLeader() {
            leading = true;
            terms++;
        }

        @Override
        public void notLeader() {
            leading = false;
        }
    }

    /** Three participants that joined in order p1, p2, p3 (so p1 leads). */
    private record Three(RecipeWorld world, List<RecipeWorld.Participant> people, List<Recorder> recorders,
                         List<LeaderElection> elections) {
        static Three started(long seed) {
            RecipeWorld world = new RecipeWorld(seed);
            Three three = new Three(world, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 1; i <= 3; i++) {
                RecipeWorld.Participant p = world.join("p" + i);
                Recorder recorder = new Recorder();
                LeaderElection election = new LeaderElection(p.client(), p.session(), "/election", "p" + i, world.guids, recorder);
                three.people.add(p);
                three.recorders.add(recorder);
                three.elections.add(election);
                p.machine().execute(election::start);
                world.sim.runFor(200);
            }
            world.runUntil(() -> three.leaders() == 1, 5_000);
            return three;
        }

        long leaders() {
            return recorders.stream().filter(r -> r.leading).count();
        }
    }

    @Tag("06.4")
    @Test
    void the_participant_with_the_lowest_node_leads_and_the_others_follow() {
        Three three = Three.started(41);
        assertThat(three.recorders.get(0).leading).isTrue();
        assertThat(three.elections.get(0).hasLeadership()).isTrue();
        assertThat(three.elections.subList(1, 3)).noneMatch(LeaderElection::hasLeadership);
        List<String> nodes = LockNodes.sorted(three.world.tree().getChildren("/election"), LeaderElection.LATCH_NAME);
        assertThat(nodes).hasSize(3);
        assertThat(new String(three.world.tree().getData("/election/" + nodes.get(0)))).isEqualTo("p1");
    }

    @Tag("06.4")
    @Test
    void closing_hands_leadership_to_the_next_participant() {
        Three three = Three.started(42);
        three.people.get(0).machine().execute(three.elections.get(0)::close);
        assertThat(three.world.runUntil(() -> three.recorders.get(1).leading, 5_000)).isTrue();
        assertThat(three.recorders.get(0).leading).isFalse();
        assertThat(three.elections.get(0).state()).isEqualTo(LeaderElection.State.CLOSED);
        assertThat(three.recorders.get(2).leading).isFalse();
        assertThat(three.recorders.get(1).terms).isEqualTo(1);
    }

    @Tag("06.4")
    @Test
    void a_leader_that_loses_its_connection_stops_acting_before_anyone_else_leads() {
        Three three = Three.started(43);
        three.world.sim.cutOff(three.people.get(0).machine());
        long[] overlaps = {0};
        boolean moved = three.world.runUntil(() -> {
            if (three.leaders() > 1) {
                overlaps[0]++;
            }
            return three.recorders.get(1).leading;
        }, RecipeWorld.SESSION_TIMEOUT_MILLIS * 3L);
        assertThat(three.recorders.get(0).leading).as("disconnected: it cannot know its session lives").isFalse();
        assertThat(moved).as("p2 leads once p1's session expired").isTrue();
        assertThat(overlaps[0]).as("events with two acting leaders").isZero();
    }

    @Tag("06.4")
    @Test
    void an_expired_leader_is_told_and_leaves_the_election() {
        Three three = Three.started(44);
        three.world.sim.cutOff(three.people.get(0).machine());
        three.world.runUntil(() -> three.recorders.get(1).leading, RecipeWorld.SESSION_TIMEOUT_MILLIS * 3L);
        three.world.sim.reconnect(three.people.get(0).machine());
        three.world.runUntil(() -> three.elections.get(0).state() == LeaderElection.State.CLOSED, 5_000);
        three.world.sim.runFor(1_000);

        assertThat(three.people.get(0).client().state()).isEqualTo(ClientState.EXPIRED);
        assertThat(three.elections.get(0).state()).isEqualTo(LeaderElection.State.CLOSED);
        assertThat(three.recorders.get(0).leading).isFalse();
        assertThat(three.recorders.get(0).terms).as("p1 did not lead again").isEqualTo(1);
        assertThat(three.recorders.get(1).leading).isTrue();
    }

    private static long[] seeds() {
        String one = System.getProperty("minizk.seed");
        return one != null ? new long[] {Long.parseLong(one)} : LongStream.rangeClosed(1, SCHEDULES).toArray();
    }

    @Test
    void the_leader_hands_over_on_close_and_a_paused_leader_stops_acting_before_another_leads() {
        List<String> failures = new ArrayList<>();
        long handovers = 0;
        for (long seed : seeds()) {
            RecipeWorld world = new RecipeWorld(seed);
            List<RecipeWorld.Participant> people = new ArrayList<>();
            List<Recorder> recorders = new ArrayList<>();
            List<LeaderElection> elections = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                RecipeWorld.Participant p = world.join("p" + i);
                Recorder recorder = new Recorder();
                LeaderElection election = new LeaderElection(p.client(), p.session(), "/election", "p" + i, world.guids, recorder);
                people.add(p);
                recorders.add(recorder);
                elections.add(election);
                p.machine().execute(election::start);
            }
            List<String> violations = new ArrayList<>();
            Runnable check = () -> {
                long acting = recorders.stream().filter(r -> r.leading).count();
                if (acting > 1 && violations.isEmpty()) {
                    violations.add("at " + world.sim.now() + " ms " + acting + " participants act as leader");
                }
            };
            int[] leader = {-1};
            java.util.function.BooleanSupplier oneLeads = () -> {
                check.run();
                for (int i = 0; i < 3; i++) {
                    if (recorders.get(i).leading) {
                        leader[0] = i;
                        return true;
                    }
                }
                return false;
            };
            if (!world.runUntil(oneLeads, 10_000)) {
                violations.add("nobody leads");
            } else if (seed % 2 == 0) {
                int old = leader[0];
                people.get(old).machine().execute(elections.get(old)::close); // handoff
                world.runUntil(() -> { check.run(); return recorders.stream().filter(r -> r.leading).count() == 1
                        && !recorders.get(old).leading; }, 10_000);
            } else {
                int old = leader[0];
                world.sim.cutOff(people.get(old).machine()); // paused past the session timeout
                world.runUntil(() -> { check.run(); return false; }, RecipeWorld.SESSION_TIMEOUT_MILLIS * 3L);
                check.run();
                world.sim.reconnect(people.get(old).machine());
                world.runUntil(() -> { check.run(); return false; }, 5_000);
                check.run();
                if (people.get(old).client().state() != ClientState.EXPIRED) {
                    violations.add("the paused leader's session did not expire");
                }
            }
            if (violations.isEmpty() && recorders.stream().filter(r -> r.leading).count() != 1) {
                violations.add("not exactly one leader after the change: " + elections);
            } else if (violations.isEmpty()) {
                handovers++;
            }
            if (!violations.isEmpty()) {
                if (failures.isEmpty()) {
                    System.out.println(world.timeline() + "\n---- replay: mvn -o -q -pl 06-recipes test -Dtest=LeaderElectionTest -Dminizk.seed=" + seed);
                }
                failures.add("seed " + seed + ": " + violations);
            }
        }
        System.out.printf("%d election schedules: %d ended with one new leader after a handoff or an expiry, %d violations%n",
                seeds().length, handovers, failures.size());
        assertThat(failures).isEmpty();
    }
}
