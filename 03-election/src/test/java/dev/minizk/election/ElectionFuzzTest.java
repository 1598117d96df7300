package dev.minizk.election;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fast leader election against randomized fault schedules ({@link ElectionFuzz}). Each
 * schedule is a seed; a failure prints the seed, the schedule, what went wrong, the timeline
 * and the command that replays exactly that run:
 * {@code mvn -q -pl 03-election -am test -Dtest=ElectionFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}
 * (with {@code -Dminizk.seed} every test here runs only that seed).
 */
class ElectionFuzzTest {

    private static final int TIMELINE = 400;

    private static long[] seeds(long from, long count) {
        String only = System.getProperty("minizk.seed");
        if (only != null && !only.isBlank()) {
            return new long[] {Long.parseLong(only.trim())};
        }
        return LongStream.range(from, from + count).toArray();
    }

    private static void runAll(long[] seeds) {
        List<String> failures = new ArrayList<>();
        long events = 0;
        long elections = 0;
        long slowest = 0;
        long splitsBefore = ElectionFuzz.AMNESIA_SPLITS.get();
        for (long seed : seeds) {
            if (Boolean.getBoolean("minizk.fuzz.verbose")) {
                System.out.println("seed " + seed);
            }
            ElectionFuzz.Outcome outcome = ElectionFuzz.run(seed, TIMELINE);
            events += outcome.events();
            elections += outcome.elections();
            slowest = Math.max(slowest, outcome.settleMillis());

            if (seeds.length == 1) {
                System.out.println(outcome.describe() + "\n  settled " + outcome.settleMillis() + " ms after the heal");
            }
            if (!outcome.ok()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing schedule ----\n" + outcome.describe() + "\n" + outcome.timeline());
                }
                failures.add(outcome.describe());
            }
        }
        System.out.printf("%d fault schedules: %d simulated events, %d leader decisions, slowest settled %d ms (virtual) after the heal, "
                + "%d runs where a restarted server's amnesia let one round elect two leaders (Zab's epochs are the cure)%n",
                seeds.length, events, elections, slowest, ElectionFuzz.AMNESIA_SPLITS.get() - splitsBefore);
        assertThat(failures).as("%d of %d fault schedules failed", failures.size(), seeds.length).isEmpty();
    }

    @Test
    @Tag("03.7")
    void a_hundred_fixed_fault_schedules_stay_safe_and_elect_a_leader_after_the_heal() {
        runAll(seeds(1, 100));
    }

    @Test
    void twelve_hundred_more_fault_schedules_stay_safe_and_elect_a_leader_after_the_heal() {
        runAll(seeds(1_000, 1_200));
    }

    @Test
    void a_run_is_a_pure_function_of_its_seed() {
        for (long seed : new long[] {7, 8, 9, 10, 11}) {
            ElectionFuzz.Outcome first = ElectionFuzz.run(seed, 1_000_000, true);
            ElectionFuzz.Outcome second = ElectionFuzz.run(seed, 1_000_000, true);
            assertThat(first.timeline().lines().count()).isGreaterThan(20);
            assertThat(second.timeline()).isEqualTo(first.timeline());
            assertThat(second.schedule()).isEqualTo(first.schedule());
        }
    }
}
