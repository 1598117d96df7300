package dev.minizk.recovery;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable ensemble against seeded schedules of real crashes ({@link CrashFuzz}). A failure
 * prints the seed, the schedule, what broke, the timeline and the command that replays that run:
 * {@code mvn -q -pl 05-recovery -am test -Dtest=CrashFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}.
 */
class CrashFuzzTest {
    private static final int TIMELINE = 300;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private static long[] seeds(long from, long count) {
        String only = System.getProperty("minizk.seed");
        if (only != null && !only.isBlank()) {
            return new long[] {Long.parseLong(only.trim())};
        }
        return LongStream.range(from, from + count).toArray();
    }

    @Tag("05.6")
    @Test
    @Timeout(600) // about 15 s of CPU; a machine shared by many builds can stretch that fivefold
    void crashes_of_any_number_of_servers_with_torn_writes_lose_no_committed_write() {
        long[] seeds = seeds(1, Long.getLong("minizk.crashSchedules", 1_000));
        List<String> failures = new ArrayList<>();
        long events = 0;
        long commits = 0;
        long crashes = 0;
        long syncs = 0;
        long txnsSynced = 0;
        long started = System.nanoTime();
        long cpuStarted = CPU.getCurrentThreadCpuTime();
        for (long seed : seeds) {
            CrashFuzz.Outcome outcome = CrashFuzz.run(seed, TIMELINE);
            events += outcome.events();
            commits += outcome.commits();
            crashes += outcome.crashes();
            syncs += outcome.syncs();
            txnsSynced += outcome.txnsSynced();
            if (seeds.length == 1) {
                System.out.println(outcome.describe());
            }
            if (!outcome.ok()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing schedule ----\n" + outcome.describe() + "\n" + outcome.timeline()
                            + "\n---- replay: mvn -q -pl 05-recovery -am test -Dtest=CrashFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=" + outcome.seed());
                }
                failures.add(outcome.describe());
            }
        }
        System.out.printf("%d crash schedules in %d ms (%d ms of CPU): %d simulated events, %d commits, %d server crashes, %.1f txns per sync%n",
                seeds.length, (System.nanoTime() - started) / 1_000_000, (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000,
                events, commits, crashes, (double) txnsSynced / Math.max(1, syncs));
        assertThat(failures).as("%d of %d crash schedules failed", failures.size(), seeds.length).isEmpty();
    }
}
