package dev.minizk.grader;

import java.util.List;

/**
 * What the parent asks the child JVM ({@link GradedTestRunner}) to run; passed
 * as a JSON file so that nothing has to be quoted on a command line.
 *
 * @param testClassesDir  the stage's {@code target/test-classes}
 * @param resultsFile     where the child appends one {@link RunEvent} per line
 * @param excludedClasses top-level test classes not to run (hidden tests without --hidden)
 * @param testTimeout     JUnit's default per-test timeout, e.g. {@code "60 s"}
 * @param sandboxedClassDirs class folders compiled from stage main sources, run in {@link SubmissionSandbox}
 */
public record ChildRunSpec(String testClassesDir, String resultsFile, List<String> excludedClasses, String testTimeout,
                           List<String> sandboxedClassDirs) {}
