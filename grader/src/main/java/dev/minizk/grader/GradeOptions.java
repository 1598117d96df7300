package dev.minizk.grader;

import java.time.Duration;

/**
 * @param hidden       run hidden tests too (instructors, Gradescope)
 * @param testTimeout  default timeout of each test that sets none
 * @param runTimeout   hard limit for one stage's whole test run; the child JVM is killed after it
 * @param showProgress forward the child's per-test progress lines
 */
public record GradeOptions(boolean hidden, Duration testTimeout, Duration runTimeout, boolean showProgress) {

    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(600);

    public GradeOptions withHidden(boolean runHidden) {
        return new GradeOptions(runHidden, testTimeout, runTimeout, showProgress);
    }

    public GradeOptions withProgress(boolean show) {
        return new GradeOptions(hidden, testTimeout, runTimeout, show);
    }
}
