package dev.minizk.replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zab with clients against seeded fault schedules ({@link ZabFuzz}): 1,000 per build
 * ({@code -Dminizk.schedules=N} to change it while iterating). A failure prints the seed, the
 * schedule, what broke, the timeline and the command that replays exactly that run:
 * {@code mvn -q -pl 04-zab-broadcast -am test -Dtest=ZabFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}
 * (with {@code -Dminizk.seed} every test here runs only that seed).
 */
class ZabFuzzTest {

    private static final long HISTORY_EVERY = Long.getLong("minizk.historyEvery", 1);
    private static final int TIMELINE = Integer.getInteger("minizk.timeline", 300);
    private static final String REPLAY = "mvn -q -pl 04-zab-broadcast -am test -Dtest=ZabFuzzTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=";

    private static long[] seeds(long from, long count) {
        String only = System.getProperty("minizk.seed");
        if (only != null && !only.isBlank()) {
            return new long[] {Long.parseLong(only.trim())};
        }
        return LongStream.range(from, from + count).toArray();
    }

    @Test
    @Timeout(600) // about a minute of CPU; a machine shared by many builds can stretch that severalfold
    void fault_schedules_with_clients_keep_zabs_properties_and_zookeepers_consistency_model_and_settle_after_the_heal() {
        long[] seeds = seeds(1, Long.getLong("minizk.schedules", 1_000));
        FuzzTally tally = new FuzzTally(REPLAY);
        for (long seed : seeds) {
            ZabFuzz.Outcome outcome = ZabFuzz.run(seed, TIMELINE, false, seed % HISTORY_EVERY == 0);
            if (seeds.length == 1) {
                System.out.println(outcome.describe() + "\n  history " + outcome.history() + ", " + outcome.clientOps() + " client ops");
            }
            tally.add(outcome);
        }
        System.out.println(tally.summary());
        assertThat(tally.failures()).as("%d of %d fault schedules failed", tally.failures().size(), seeds.length).isEmpty();
    }

    @Test
    void a_run_is_a_pure_function_of_its_seed() {
        for (long seed : new long[] {3, 4, 5}) {
            ZabFuzz.Outcome first = ZabFuzz.run(seed, 1_000_000, true);
            ZabFuzz.Outcome second = ZabFuzz.run(seed, 1_000_000, true);
            assertThat(first.timeline().lines().count()).isGreaterThan(100);
            assertThat(second.timeline()).isEqualTo(first.timeline());
            assertThat(second.schedule()).isEqualTo(first.schedule());
            assertThat(second.clientOps()).isEqualTo(first.clientOps());
        }
    }
}
