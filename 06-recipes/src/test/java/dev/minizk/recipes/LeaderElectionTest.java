package dev.minizk.recipes;

import dev.minizk.client.ClientState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leader election in the simulator: three participants, the leader hands over by closing, and a
 * leader paused past the session timeout stops acting (it is disconnected) before anyone else
 * leads. Checked after every event: at most one participant acts as leader. Ungraded.
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
