package dev.minizk.sim;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the timeline of every simulator a test watched when the test fails:
 * {@code @RegisterExtension final SimTrace trace = new SimTrace();} then {@code trace.watch(sim)}.
 */
public final class SimTrace implements TestWatcher {
    private static final int LINES = 150;
    private final List<Simulator<?>> watched = new ArrayList<>();

    public <S extends Simulator<?>> S watch(S sim) {
        watched.add(sim);
        return sim;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (Simulator<?> sim : watched) {
            System.out.println("---- timeline of " + context.getDisplayName() + " (last " + LINES + " events) ----");
            System.out.println(sim.report(LINES));
        }
    }
}
