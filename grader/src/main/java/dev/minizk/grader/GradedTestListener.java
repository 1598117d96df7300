package dev.minizk.grader;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Follows a run of graded tests in the child JVM: prints one progress line per
 * graded test and writes its outcome as a {@link RunEvent}.
 *
 * A graded test may be a container (a parameterized or property test, a test
 * factory): it passes only when it and every invocation under it pass.
 */
final class GradedTestListener implements TestExecutionListener {

    private static final int MAX_OUTPUT_LINES = 40;

    private final TestPlan plan;
    private final Map<String, TestIdentifier> graded = new LinkedHashMap<>();
    private final RunEventWriter events;
    private final PrintStream progress;
    private final Map<String, String> firstFailure = new HashMap<>();
    private final Map<String, String> failureDetails = new HashMap<>();
    private final Map<String, Deque<String>> output = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    GradedTestListener(TestPlan plan, List<TestIdentifier> gradedTests, RunEventWriter events, PrintStream progress) {
        this.plan = plan;
        gradedTests.forEach(t -> graded.put(t.getUniqueId(), t));
        this.events = events;
        this.progress = progress;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (graded.containsKey(id.getUniqueId())) {
            events.write(RunEvent.started(id.getUniqueId()));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        String owner = gradedOwner(id.getUniqueId());
        Throwable thrown = result.getThrowable().orElse(null);
        if (owner == null) {
            // A class or engine above graded tests: if its set-up failed, its tests never ran.
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                TestStatus status = result.getStatus() == TestExecutionResult.Status.ABORTED ? TestStatus.SKIPPED : TestStatus.FAILED;
                String line = thrown == null ? "failed" : FailureSummary.firstLine(thrown);
                String details = thrown == null ? null : FailureSummary.details(thrown);
                finishUnfinishedBelow(id, status, "in " + id.getDisplayName() + ": " + line, details);
            }
            return;
        }
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && thrown != null
                && !firstFailure.containsKey(owner)) {
            String line = FailureSummary.firstLine(thrown);
            String prefix = owner.equals(id.getUniqueId()) ? "" : "[" + id.getDisplayName() + "] ";
            firstFailure.put(owner, prefix + line);
            failureDetails.put(owner, FailureSummary.details(thrown));
        }
        if (owner.equals(id.getUniqueId())) {
            TestStatus status;
            if (firstFailure.containsKey(owner)) {
                status = result.getStatus() == TestExecutionResult.Status.ABORTED ? TestStatus.SKIPPED : TestStatus.FAILED;
            } else {
                status = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? TestStatus.PASSED : TestStatus.FAILED;
            }
            String failure = status == TestStatus.PASSED ? null
                    : status == TestStatus.SKIPPED ? "skipped: " + firstFailure.get(owner)
                    : firstFailure.getOrDefault(owner, "failed");
            finish(owner, status, failure, status == TestStatus.PASSED ? null : withOutput(owner, failureDetails.get(owner)));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        String line = "skipped: " + (reason == null || reason.isBlank() ? "disabled" : reason);
        if (graded.containsKey(id.getUniqueId())) {
            finish(id.getUniqueId(), TestStatus.SKIPPED, line, null);
        } else {
            finishUnfinishedBelow(id, TestStatus.SKIPPED, line, null);
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String owner = gradedOwner(id.getUniqueId());
        if (owner == null) {
            return;
        }
        Deque<String> lines = output.computeIfAbsent(owner, k -> new ArrayDeque<>());
        entry.getKeyValuePairs().forEach((key, value) -> {
            for (String line : value.split("\r?\n")) {
                lines.addLast(FailureSummary.clean(("stderr".equals(key) ? "[stderr] " : "") + line));
                if (lines.size() > MAX_OUTPUT_LINES) {
                    lines.removeFirst();
                }
            }
        });
    }

    /** The graded test that is the identifier or one of its ancestors, or null. */
    private String gradedOwner(String uniqueId) {
        if (graded.containsKey(uniqueId)) {
            return uniqueId;
        }
        for (String candidate : graded.keySet()) {
            if (uniqueId.startsWith(candidate + "/")) {
                return candidate;
            }
        }
        return null;
    }

    private void finishUnfinishedBelow(TestIdentifier container, TestStatus status, String failure, String details) {
        for (TestIdentifier below : plan.getDescendants(container)) {
            if (graded.containsKey(below.getUniqueId()) && !finished.contains(below.getUniqueId())) {
                finish(below.getUniqueId(), status, failure, details);
            }
        }
    }

    private String withOutput(String owner, String details) {
        Deque<String> lines = output.get(owner);
        if (lines == null || lines.isEmpty()) {
            return details;
        }
        String printed = "  output (last " + lines.size() + " lines):\n    " + String.join("\n    ", lines);
        return details == null ? printed : details + "\n" + printed;
    }

    private void finish(String uniqueId, TestStatus status, String failure, String details) {
        if (!finished.add(uniqueId)) {
            return;
        }
        events.write(RunEvent.finished(uniqueId, status, failure, details));
        TestIdentifier test = graded.get(uniqueId);
        String word = switch (status) {
            case PASSED -> "ok  ";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
            case DID_NOT_FINISH -> "HUNG";
        };
        String width = String.valueOf(graded.size());
        progress.printf(GradedTestRunner.PROGRESS + "[%" + width.length() + "d/%s] %s %s %s%s%n", finished.size(), width,
                String.join(",", GradedTestFilter.gradedTags(test.getTags())), word, GradedTestRunner.testName(test),
                failure == null ? "" : " — " + (failure.length() <= 100 ? failure : failure.substring(0, 99) + "…"));
        progress.flush();
    }
}
