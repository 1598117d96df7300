package dev.minizk.recipes;

import dev.minizk.sim.NetworkFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded schedules of the exclusive lock: four clients take the lock three times each, hold it a
 * random while and write to a {@link FencedResource} with their token; some holders pause longer
 * than the session timeout (their machine cut off) and write when they wake. Checked after every
 * simulated event and at the end: see {@link LockSchedule}. On a standalone server, and on a
 * three-server ensemble where a server is cut off for a while and the leader may crash
 * ({@link EnsembleFaults}). Ungraded.
 *
 * <p>Replay one schedule: {@code mvn -o -q -pl 06-recipes -am test -Dtest=LockScheduleTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}; fewer schedules: {@code -Dminizk.schedules=N}.
 */
class LockScheduleTest {
    private static final int SCHEDULES = 300;

    static long[] seeds(int count) {
        String one = System.getProperty("minizk.seed");
        if (one != null) {
            return new long[] {Long.parseLong(one)};
        }
        int n = Integer.getInteger("minizk.schedules", count);
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            seeds[i] = i + 1;
        }
        return seeds;
    }

    static String replay(String testClass, long seed) {
        return "mvn -o -q -pl 06-recipes -am test -Dtest=" + testClass
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=" + seed;
    }

    @Test
    @Timeout(300)
    void on_a_standalone_server_schedules_keep_one_holder_grant_tokens_in_order_and_the_resource_refuses_stale_tokens() {
        runSchedules("standalone", seed -> LockSchedule.run(seed, NetworkFaults.reliable().withDelay(1, 10)));
    }

    @Test
    @Timeout(300)
    void on_an_ensemble_with_a_partition_and_a_leader_crash_the_same_holds() {
        runSchedules("ensemble", LockSchedule::onEnsemble);
    }

    private static void runSchedules(String where, LongFunction<LockSchedule.Outcome> schedule) {
        long[] seeds = seeds(SCHEDULES);
        List<String> failures = new ArrayList<>();
        long grants = 0;
        long rejected = 0;
        long expired = 0;
        long leaderCrashes = 0;
        long started = System.nanoTime();
        for (long seed : seeds) {
            LockSchedule.Outcome outcome = schedule.apply(seed);
            grants += outcome.grants();
            rejected += outcome.staleWritesRefused();
            expired += outcome.sessionsExpired();
            leaderCrashes += outcome.faults().stream().filter(fault -> fault.contains("crashes")).count();
            if (!outcome.violations().isEmpty()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing lock schedule (" + where + "), seed " + seed + " ----\n"
                            + "faults: " + outcome.faults() + "\n" + outcome.violations() + "\n" + outcome.timeline()
                            + "\n---- replay: " + replay("LockScheduleTest", seed));
                }
                failures.add("seed " + seed + ": " + outcome.violations());
            }
        }
        System.out.printf("%d lock schedules on %s (seeds %d..%d) in %d ms: %d grants, %d leader crashes, %d sessions expired"
                        + " while paused, %d stale writes refused by the fenced resource, %d violations%n",
                seeds.length, where, seeds[0], seeds[seeds.length - 1], (System.nanoTime() - started) / 1_000_000,
                grants, leaderCrashes, expired, rejected, failures.size());
        assertThat(failures).as("%d of %d lock schedules on %s failed", failures.size(), seeds.length, where).isEmpty();
        if (seeds.length >= 100) {
            assertThat(expired).as("the schedules exercise expiry").isPositive();
            assertThat(rejected).as("some paused holder wrote after the next holder: the token stopped it").isPositive();
        }
    }
}
