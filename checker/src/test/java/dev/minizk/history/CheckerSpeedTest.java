package dev.minizk.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * How long a check takes on histories the size of one fuzz schedule's (a few hundred ops), so
 * that checking every schedule of a build stays cheap. Prints the medians of the CPU time spent;
 * asserts only a bound loose enough for a slow machine.
 */
class CheckerSpeedTest {
    /** CPU time of the checking thread: other builds on the machine do not inflate it. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private static double medianMillis(int ops, double unknownRate) {
        long[] nanos = new long[30];
        for (int i = 0; i < nanos.length; i++) {
            History history = LegalHistories.generate(1000 + i, 4, ops, unknownRate).history();
            long start = CPU.getCurrentThreadCpuTime();
            CheckResult result = HistoryChecker.check(history);
            nanos[i] = CPU.getCurrentThreadCpuTime() - start;
            assertThat(result.isOk()).as(result.describe()).isTrue();
        }
        long[] measured = Arrays.copyOfRange(nanos, 10, nanos.length); // the first runs warm the JIT up
        Arrays.sort(measured);
        return measured[measured.length / 2] / 1e6;
    }

    /** The same with one getData changed: the search must rule out every placement of the unknown writes. */
    private static double medianMillisToViolation(int ops, double unknownRate) {
        long[] nanos = new long[30];
        int decided = 0;
        for (int i = 0; i < nanos.length; i++) {
            LegalHistories.Generated generated = LegalHistories.generate(2000 + i, 4, ops, unknownRate);
            History history = generated.history();
            int victim = -1;
            for (int k = history.ops().size() - 1; k >= 0 && victim < 0; k--) {
                Op op = history.ops().get(k);
                if (op.command() instanceof Command.GetData && op.outcome() instanceof Outcome.Ok) {
                    victim = k;
                }
            }
            java.util.List<Op> changed = new java.util.ArrayList<>(history.ops());
            Op op = changed.get(victim);
            changed.set(victim, new Op(op.session(), op.command(), op.invokedAt(), op.completedAt(),
                    HistoryPropertiesTest.mutate(op)));
            long start = CPU.getCurrentThreadCpuTime();
            CheckResult result = HistoryChecker.check(new History(changed, history.events()));
            nanos[i] = CPU.getCurrentThreadCpuTime() - start;
            assertThat(result.isOk()).as(result.describe()).isFalse();
            decided += result instanceof CheckResult.Violation ? 1 : 0;
        }
        System.out.printf("  (%d of %d changed histories decided as violations, the rest unknown)%n", decided, nanos.length);
        long[] measured = Arrays.copyOfRange(nanos, 10, nanos.length);
        Arrays.sort(measured);
        return measured[measured.length / 2] / 1e6;
    }

    @Test
    void a_few_hundred_ops_check_in_milliseconds() {
        double known = medianMillis(300, 0);
        double someUnknown = medianMillis(300, 0.05);
        System.out.printf("history checker, 300 ops, 4 sessions: %.2f ms CPU median with every outcome known,"
                + " %.2f ms with 5%% of writes unknown%n", known, someUnknown);
        double violation = medianMillisToViolation(300, 0.05);
        System.out.printf("history checker, 300 ops with 5%% unknown writes and one changed read: %.2f ms CPU median%n", violation);
        assertThat(known).isLessThan(200);
        assertThat(someUnknown).isLessThan(1000);
    }
}
