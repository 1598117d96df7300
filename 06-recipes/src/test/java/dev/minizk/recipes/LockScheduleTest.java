package dev.minizk.recipes;

import dev.minizk.sim.NetworkFaults;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded schedules of the exclusive lock: four clients take the lock three times each, hold it a
 * random while and write to a {@link FencedResource} with their token; some holders pause longer
 * than the session timeout (their machine cut off) and write when they wake. Checked after every
 * simulated event and at the end: see {@link LockSchedule}. Ungraded.
 *
 * <p>Replay one schedule: {@code mvn -o -q -pl 06-recipes test -Dtest=LockScheduleTest -Dminizk.seed=N}.
 */
class LockScheduleTest {
    private static final int SCHEDULES = 300;

    private static long[] seeds() {
        String one = System.getProperty("minizk.seed");
        return one != null ? new long[] {Long.parseLong(one)} : LongStream.rangeClosed(1, SCHEDULES).toArray();
    }

    @Test
    void fault_schedules_keep_one_live_holder_grant_tokens_in_order_and_the_resource_refuses_stale_tokens() {
        long[] seeds = seeds();
        List<String> failures = new ArrayList<>();
        long grants = 0;
        long rejected = 0;
        long expired = 0;
        long started = System.nanoTime();
        for (long seed : seeds) {
            LockSchedule.Outcome outcome = LockSchedule.run(seed, NetworkFaults.reliable().withDelay(1, 10));
            grants += outcome.grants();
            rejected += outcome.staleWritesRefused();
            expired += outcome.sessionsExpired();
            if (!outcome.violations().isEmpty()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing lock schedule, seed " + seed + " ----\n" + outcome.violations()
                            + "\n" + outcome.timeline()
                            + "\n---- replay: mvn -o -q -pl 06-recipes test -Dtest=LockScheduleTest -Dminizk.seed=" + seed);
                }
                failures.add("seed " + seed + ": " + outcome.violations());
            }
        }
        System.out.printf("%d lock schedules (seeds %d..%d) in %d ms: %d grants, %d sessions expired while paused,"
                        + " %d stale writes refused by the fenced resource, %d violations%n",
                seeds.length, seeds[0], seeds[seeds.length - 1], (System.nanoTime() - started) / 1_000_000,
                grants, expired, rejected, failures.size());
        assertThat(failures).as("%d of %d lock schedules failed", failures.size(), seeds.length).isEmpty();
        if (seeds.length == SCHEDULES) {
            assertThat(expired).as("the schedules exercise expiry").isPositive();
            assertThat(rejected).as("some paused holder wrote after the next holder: the token stopped it").isPositive();
        }
    }
}
