package dev.minizk.replica;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * What one of {@link ZabFuzzTest}'s fault schedules costs: {@link ZabFuzz#run} on seed after seed
 * (3 or 5 voters, sometimes an observer, partitions, cuts, crashes, a write load, then heal,
 * settle, restart and Zab's checker), without a timeline. JMH's score is schedules per minute of
 * wall time; the {@code events} counter is simulated events per minute. It lives in the tests'
 * package because the fuzzer is test code (package-private): bench sources compile with the
 * tests. Run with {@code ./bench 04 ZabFuzzBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MINUTES)
@State(Scope.Thread)
public class ZabFuzzBench {
    private long seed = 1;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        /** Simulated events (per minute in JMH's table, like the score). */
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            events = 0;
        }
    }

    @Benchmark
    public boolean faultSchedule(Counters counters) {
        ZabFuzz.Outcome outcome = ZabFuzz.run(seed++, 0);
        if (!outcome.ok()) {
            throw new IllegalStateException("a fault schedule failed (a bug, not a figure): " + outcome.describe());
        }
        counters.events += outcome.events();
        return outcome.ok();
    }
}
