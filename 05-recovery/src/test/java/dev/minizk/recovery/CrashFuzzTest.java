package dev.minizk.recovery;

import dev.minizk.replica.FuzzTally;
import dev.minizk.replica.ZabFuzz;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable ensemble with clients against seeded schedules of real crashes ({@link CrashFuzz}):
 * 1,000 per build ({@code -Dminizk.crashSchedules=N} to change it while iterating). A failure
 * prints the seed, the schedule, what broke, the timeline and the command that replays that run:
 * {@code mvn -q -pl 05-recovery -am test -Dtest=CrashFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}.
 */
class CrashFuzzTest {
    private static final int TIMELINE = Integer.getInteger("minizk.timeline", 300);
    private static final String REPLAY = "mvn -q -pl 05-recovery -am test -Dtest=CrashFuzzTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=";

    private static long[] seeds(long from, long count) {
        String only = System.getProperty("minizk.seed");
        if (only != null && !only.isBlank()) {
            return new long[] {Long.parseLong(only.trim())};
        }
        return LongStream.range(from, from + count).toArray();
    }

    @Tag("05.6")
    @Test
    @Timeout(900) // about a minute of CPU; a machine shared by many builds can stretch that severalfold
    void crashes_of_any_number_of_servers_with_torn_writes_lose_no_committed_write_and_keep_the_clients_history_consistent() {
        long[] seeds = seeds(1, Long.getLong("minizk.crashSchedules", 1_000));
        FuzzTally tally = new FuzzTally("crash schedules with clients", REPLAY);
        long syncs = 0;
        long txnsSynced = 0;
        long amnesiaSplits = 0;
        for (long seed : seeds) {
            CrashFuzz.Result result = CrashFuzz.run(seed, TIMELINE);
            ZabFuzz.Outcome outcome = result.outcome();
            syncs += result.syncs();
            txnsSynced += result.txnsSynced();
            amnesiaSplits += result.amnesiaSplits();
            if (seeds.length == 1) {
                System.out.println(outcome.describe() + "\n  history " + outcome.history() + ", " + outcome.clientOps() + " client ops");
            }
            tally.add(outcome);
        }
        System.out.printf("%s; %.1f txns per sync; %d election rounds with two leaders, each through a server that decided in it"
                        + " before and after a restart (%s)%n", tally.summary(), (double) txnsSynced / Math.max(1, syncs), amnesiaSplits,
                CrashFuzz.STRICT_ROUNDS ? "strictRounds: failed" : "counted, not failed; -Dminizk.strictRounds=true fails them");
        assertThat(tally.failures()).as("%d of %d crash schedules failed", tally.failures().size(), seeds.length).isEmpty();
    }
}
