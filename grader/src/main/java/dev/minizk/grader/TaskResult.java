package dev.minizk.grader;

import java.util.List;
import java.util.Optional;

/**
 * The public or the hidden part of one task's grade. A task's points are split
 * equally among all its graded tests that ran, so each part is worth its share.
 */
public record TaskResult(ManifestTask task, boolean hidden, double maxPoints, List<GradedTestResult> tests) {

    public int passed() {
        return (int) tests.stream().filter(GradedTestResult::passed).count();
    }

    /** Whole points, rounded down: all of them only when every test passed. */
    public double earned() {
        return tests.isEmpty() ? 0 : Math.floor(maxPoints * passed() / tests.size() + 1e-9);
    }

    public boolean allPassed() {
        return passed() == tests.size();
    }

    public Optional<GradedTestResult> firstFailure() {
        return tests.stream().filter(t -> !t.passed()).findFirst();
    }

    /** "01.3 Sequential names", with " (hidden tests)" for the hidden part */
    public String label() {
        return task.label() + (hidden ? " (hidden tests)" : "");
    }
}
