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
        List<TaskResult> rows = result.tasks().stream().filter(t -> withHidden || !t.hidden()).toList();
        double max = rows.stream().mapToDouble(TaskResult::maxPoints).sum();
        if (result.failedSetup()) {
            max = withHidden ? result.maxPoints() : publicMax(result);
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

        if (details) {
            List<String> failures = new ArrayList<>();
            for (TaskResult row : rows) {
                boolean first = true;
                for (GradedTestResult test : row.tests()) {
                    if (test.passed()) {
                        continue;
                    }
                    failures.add("  " + row.task().id() + (row.hidden() ? " (hidden) " : " ") + test.name());
                    failures.add("      " + test.failure());
                    if (first && test.details() != null && !test.failure().startsWith("not implemented yet")) {
                        test.details().lines().forEach(l -> failures.add("      " + l));
                    }
                    first = false;
                }
            }
            if (!failures.isEmpty()) {
                out.add("");
                out.add("Failing tests (details for the first of each task):");
                out.addAll(failures);
            }
        }
        return String.join("\n", out) + "\n";
    }

    private static double publicMax(StageResult result) {
        return result.manifest().tasks().stream().mapToDouble(t -> StageResult.publicShare(t, result.hiddenRun())).sum();
    }

    private static String title(TaskResult row) {
        return row.task().title() + (row.hidden() ? " (hidden)" : "");
    }

    private static String shorten(String line) {
        return line.length() <= FAILURE_WIDTH ? line : line.substring(0, FAILURE_WIDTH - 1) + "…";
    }
}
