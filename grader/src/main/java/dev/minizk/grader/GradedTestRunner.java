package dev.minizk.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Main class of the child JVM that runs one stage's graded tests through the
 * JUnit Platform Launcher. A separate JVM so that a test that hangs, exits or
 * exhausts memory cannot take the grader down, and so that the stage's own
 * classpath is used exactly.
 *
 * Usage: {@code GradedTestRunner SPEC.json} (see {@link ChildRunSpec}).
 */
public final class GradedTestRunner {

    /** Starts every line meant for the parent's console; anything else the child prints is kept for crashes only. */
    static final String PROGRESS = "@progress ";
    /** What one test may print before JUnit stops keeping it (the details show its last lines). */
    private static final int MAX_CAPTURED_BYTES = 256 * 1024;

    private GradedTestRunner() {}

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = run(args);
        } catch (Throwable t) {
            System.err.println("grader: the test run failed: " + t);
            exitCode = 3;
        }
        // Exit explicitly: a timed-out test may leave a thread running that would keep the JVM alive.
        System.exit(exitCode);
    }

    private static int run(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: GradedTestRunner SPEC.json");
            return 2;
        }
        ChildRunSpec spec = new ObjectMapper().readValue(new File(args[0]), ChildRunSpec.class);
        // Saved before JUnit starts capturing System.out: progress must reach the parent.
        PrintStream progress = System.out;
        // Opened before the sandbox is in force; only this runner holds it.
        RunEventWriter events = new RunEventWriter(Path.of(spec.resultsFile()));
        SubmissionSandbox.install(spec.sandboxedClassDirs());

        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClasspathRoots(Set.of(Path.of(spec.testClassesDir()))))
                .filters(new GradedTestFilter(Set.copyOf(spec.excludedClasses())))
                .configurationParameters(Map.of(
                        "junit.jupiter.execution.timeout.default", spec.testTimeout(),
                        // A test stuck in a loop that ignores interrupts still times out this way.
                        "junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD",
                        // Classes and methods by name, so progress reads in the order of the table.
                        // A class's own @TestMethodOrder still wins.
                        "junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$ClassName",
                        "junit.jupiter.testmethod.order.default", "org.junit.jupiter.api.MethodOrderer$MethodName",
                        "junit.jupiter.displayname.generator.default",
                        "org.junit.jupiter.api.DisplayNameGenerator$ReplaceUnderscores",
                        // What a test prints (a failing seed, say) is kept with its result.
                        "junit.platform.output.capture.stdout", "true",
                        "junit.platform.output.capture.stderr", "true",
                        "junit.platform.output.capture.maxBuffer", String.valueOf(MAX_CAPTURED_BYTES)))
                .build();

        try (events) {
            Launcher launcher = LauncherFactory.create();
            TestPlan plan = launcher.discover(request);
            List<TestIdentifier> graded = gradedTests(plan);
            for (TestIdentifier test : graded) {
                MethodSource source = (MethodSource) test.getSource().orElseThrow();
                events.write(RunEvent.planned(test.getUniqueId(), source.getClassName(), source.getMethodName(),
                        test.getDisplayName(), GradedTestFilter.gradedTags(test.getTags())));
            }
            progress.println(PROGRESS + "Running " + graded.size() + " graded tests");
            progress.flush();
            launcher.execute(plan, new GradedTestListener(plan, graded, events, progress));
            events.write(RunEvent.done());
        }
        return 0;
    }

    /**
     * The graded tests of a plan: method-level identifiers with a task tag. A
     * parameterized test counts once, however many invocations it has.
     */
    static List<TestIdentifier> gradedTests(TestPlan plan) {
        List<TestIdentifier> graded = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof MethodSource
                        && !GradedTestFilter.gradedTags(id.getTags()).isEmpty()) {
                    graded.add(id);
                }
            }
        }
        return graded;
    }

    /** "ZnodeTreeTest > sequential names use the parent counter" */
    static String testName(TestIdentifier test) {
        String className = test.getSource().orElse(null) instanceof MethodSource m ? m.getClassName() : "";
        String simple = className.substring(className.lastIndexOf('.') + 1);
        return simple.isEmpty() ? test.getDisplayName() : simple + " > " + test.getDisplayName();
    }
}
