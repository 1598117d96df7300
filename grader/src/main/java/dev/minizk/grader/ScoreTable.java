package dev.minizk.grader;

import java.util.ArrayList;
import java.util.List;

/** The per-task table a student reads after a grade run. */
public final class ScoreTable {

    private static final int FAILURE_WIDTH = 90;

    private ScoreTable() {}

    /**
     * @param withHidden whether rows of hidden tests are shown (not in the text shown to students on Gradescope)
     * @param details    whether the failing tests are listed under the table
     */
    public static String render(StageResult result, boolean withHidden, boolean details) {
        List<String> out = new ArrayList<>();
        String header = "Stage " + result.stage().stage() + " — " + result.manifest().title();
        if (result.hiddenRun()) {
            header += withHidden ? " (hidden tests included)" : " (public tests; hidden tests are reported when grades are published)";
        }
        out.add(header);
        if (result.sourcesNote() != null) {
            out.add("Main sources: " + result.sourcesNote());
        }
        if (!result.ignoredFiles().isEmpty()) {
            out.add(IGNORED_HEADER);
            result.ignoredFiles().forEach(line -> out.add("  " + line));
        }
        List<TaskResult> rows = result.tasks().stream().filter(t -> withHidden || !t.hidden()).toList();
        double max = rows.stream().mapToDouble(TaskResult::maxPoints).sum();
        if (result.failedSetup()) {
            max = withHidden ? result.maxPoints() : result.publicMax();
            out.add("");
            out.add(result.setupFailure() + " failed: 0/" + Points.format(max) + " points");
            result.setupErrors().forEach(line -> out.add("  " + line));
            return String.join("\n", out) + "\n";
        }

        int titleWidth = "title".length();
        for (TaskResult row : rows) {
            titleWidth = Math.max(titleWidth, title(row).length());
        }
        String format = "%-6s %-" + titleWidth + "s  %13s  %7s  %s";
        out.add(String.format(format, "task", "title", "points", "tests", "first failure").stripTrailing());
        double earned = 0;
        int passed = 0;
        int total = 0;
        for (TaskResult row : rows) {
            String failure = row.firstFailure().map(GradedTestResult::failure).orElse("");
            out.add(String.format(format, row.task().id(), title(row),
                    Points.format(row.earned()) + "/" + Points.format(row.maxPoints()),
                    row.passed() + "/" + row.tests().size(), shorten(failure)).stripTrailing());
            earned += row.earned();
            passed += row.passed();
            total += row.tests().size();
        }
        out.add(String.format(format, "total", "", Points.format(earned) + "/" + Points.format(max),
                passed + "/" + total, "").stripTrailing());
        hiddenNote(result, withHidden).ifPresent(out::add);

        if (details) {
            List<String> failures = new ArrayList<>();
            for (TaskResult row : rows) {
                List<GradedTestResult> failing = row.tests().stream().filter(t -> !t.passed()).toList();
                if (failing.isEmpty()) {
                    continue;
                }
                GradedTestResult test = failing.get(0);
                failures.add("  " + row.task().id() + (row.hidden() ? " (hidden) " : " ") + test.name());
                failures.add("      " + test.failure());
                if (test.details() != null && showsDetails(test.failure())) {
                    test.details().lines().forEach(l -> failures.add("      " + l));
                }
                if (failing.size() > 1) {
                    failures.add("      … and " + (failing.size() - 1) + " more failing test" + (failing.size() > 2 ? "s" : "")
                            + " of " + row.task().id());
                }
            }
            if (!failures.isEmpty()) {
                out.add("");
                out.add("First failing test of each task:");
                out.addAll(failures);
            }
        }
        return String.join("\n", out) + "\n";
    }

    static final String IGNORED_HEADER =
            "Left out of grading (only .java files in the packages this stage already has are graded):";

    /** A stub that was hit says it all; the stack of a test blocked by another task is noise. */
    static boolean showsDetails(String failure) {
        return !failure.startsWith("not implemented yet") && !failure.startsWith("blocked by ");
    }

    /** Where the hidden tests' points are, so that no total is mistaken for the whole grade. */
    private static java.util.Optional<String> hiddenNote(StageResult result, boolean withHidden) {
        double hiddenMax = result.hiddenMax();
        if (hiddenMax == 0) {
            return java.util.Optional.empty();
        }
        if (result.hiddenRun() && withHidden) {
            double publicEarned = result.tasks().stream().filter(t -> !t.hidden()).mapToDouble(TaskResult::earned).sum();
            double hiddenEarned = result.tasks().stream().filter(TaskResult::hidden).mapToDouble(TaskResult::earned).sum();
            return java.util.Optional.of("public tests " + Points.format(publicEarned) + "/" + Points.format(result.publicMax())
                    + ", hidden tests " + Points.format(hiddenEarned) + "/" + Points.format(hiddenMax));
        }
        return java.util.Optional.of("Hidden tests, run on Gradescope, are worth " + Points.format(hiddenMax)
                + " more points" + (result.hiddenRun() ? " (shown when grades are published)." : "."));
    }

    private static String title(TaskResult row) {
        return row.task().title() + (row.hidden() ? " (hidden)" : "");
    }

    private static String shorten(String line) {
        return line.length() <= FAILURE_WIDTH ? line : line.substring(0, FAILURE_WIDTH - 1) + "…";
    }
}
