package dev.minizk.sim.junit;

import dev.minizk.sim.Replayable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints, when a test fails, the timeline of every simulated world it watched and the one line
 * that runs the test again (a world is a pure function of its seed, so that replays it):
 *
 * <pre>{@code
 * @RegisterExtension
 * final TimelineOnFailure timeline = new TimelineOnFailure();
 * ...
 * Simulator<Notification> sim = timeline.watch(new Simulator<>(seed, config));
 * }</pre>
 */
public final class TimelineOnFailure implements TestWatcher {
    private static final int LINES = 150;
    private final List<Replayable> watched = new ArrayList<>();

    /** @param worlds worlds to watch from the start (more with {@link #watch}) */
    public TimelineOnFailure(Replayable... worlds) {
        watched.addAll(List.of(worlds));
    }

    /** Watches a world for this test; returns it, so a test can watch as it builds. */
    public <W extends Replayable> W watch(W world) {
        watched.add(world);
        return world;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (Replayable world : watched) {
            System.out.println("---- timeline of " + context.getDisplayName() + " (last " + LINES + " events, virtual ms) ----");
            System.out.println(world.report(LINES));
        }
        System.out.println("---- replay: " + replayCommand(context));
    }

    /** The Maven command that runs just this test again, from the repository's root. */
    static String replayCommand(ExtensionContext context) {
        String test = context.getRequiredTestClass().getName()
                + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
        return "mvn -q" + moduleOption() + " test -Dtest='" + test + "' -Dsurefire.failIfNoSpecifiedTests=false";
    }

    /** {@code -pl <module> -am} when the test runs in a module of a reactor (surefire runs in the module's folder). */
    private static String moduleOption() {
        Path here = Path.of("").toAbsolutePath();
        Path parent = here.getParent();
        if (parent != null && Files.isRegularFile(here.resolve("pom.xml")) && Files.isRegularFile(parent.resolve("pom.xml"))) {
            return " -pl " + here.getFileName() + " -am";
        }
        return "";
    }
}
