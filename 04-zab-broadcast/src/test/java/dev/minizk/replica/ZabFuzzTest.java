package dev.minizk.replica;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zab against seeded fault schedules ({@link ZabFuzz}). A failure prints the seed, the
 * schedule, what broke, the timeline and the command that replays exactly that run:
 * {@code mvn -q -pl 04-zab-broadcast -am test -Dtest=ZabFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=N}
 * (with {@code -Dminizk.seed} every test here runs only that seed).
 */
class ZabFuzzTest {

    private static final int TIMELINE = 300;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static long[] seeds(long from, long count) {
        String only = System.getProperty("minizk.seed");
        if (only != null && !only.isBlank()) {
            return new long[] {Long.parseLong(only.trim())};
        }
        return LongStream.range(from, from + count).toArray();
    }

    @Test
    void fault_schedules_of_three_and_five_servers_keep_zabs_properties_and_settle_after_the_heal() {
        long[] seeds = seeds(1, 300);
        List<String> failures = new ArrayList<>();
        long events = 0;
        long commits = 0;
        long establishments = 0;
        long slowestSettle = 0;
        long started = System.nanoTime();
        long cpuStarted = CPU.getCurrentThreadCpuTime();
        for (long seed : seeds) {
            ZabFuzz.Outcome outcome = ZabFuzz.run(seed, TIMELINE);
            events += outcome.events();
            commits += outcome.commits();
            establishments += outcome.establishments();
            slowestSettle = Math.max(slowestSettle, outcome.settleMillis());
            if (seeds.length == 1) {
                System.out.println(outcome.describe());
            }
            if (!outcome.ok()) {
                if (failures.isEmpty()) {
                    System.out.println("---- first failing schedule ----\n" + outcome.describe() + "\n" + outcome.timeline()
                            + "\n---- replay: mvn -q -pl 04-zab-broadcast -am test -Dtest=ZabFuzzTest"
                            + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.seed=" + outcome.seed());
                }
                failures.add(outcome.describe());
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
        System.out.printf("%d Zab fault schedules in %d ms (%d ms of CPU): %d simulated events, %d commits, %d established epochs;"
                + " every run settled after the heal (one established leader, every live server serving), the slowest in %d ms (virtual)%n",
                seeds.length, millis, cpuMillis, events, commits, establishments, slowestSettle);
        assertThat(failures).as("%d of %d fault schedules failed", failures.size(), seeds.length).isEmpty();
    }

    @Test
    void a_run_is_a_pure_function_of_its_seed() {
        for (long seed : new long[] {3, 4, 5}) {
            ZabFuzz.Outcome first = ZabFuzz.run(seed, 1_000_000, true);
            ZabFuzz.Outcome second = ZabFuzz.run(seed, 1_000_000, true);
            assertThat(first.timeline().lines().count()).isGreaterThan(100);
            assertThat(second.timeline()).isEqualTo(first.timeline());
            assertThat(second.schedule()).isEqualTo(first.schedule());
        }
    }
}
