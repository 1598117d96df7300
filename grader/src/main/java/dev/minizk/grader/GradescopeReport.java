package dev.minizk.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradescope's {@code results.json}: one test entry per task (and one more for
 * its hidden tests, visible only after grades are published), or one failed
 * entry for a setup failure such as a compile error.
 */
public final class GradescopeReport {

    /** Failing tests listed by name per task; the first also with its details. */
    private static final int MAX_LISTED = 10;

    private GradescopeReport() {}

    public static ObjectNode build(List<StageResult> stages) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode tests = json.createArrayNode();
        double score = 0;
        boolean hiddenRun = false;
        List<String> output = new ArrayList<>();
        for (StageResult stage : stages) {
            hiddenRun |= stage.hiddenRun();
            output.add(ScoreTable.render(stage, false, false));
            if (!stage.ignoredFiles().isEmpty()) {
                ObjectNode test = tests.addObject();
                test.put("name", "Submission files");
                test.put("score", 0);
                test.put("max_score", 0);
                test.put("status", "failed");
                test.put("output", ScoreTable.IGNORED_HEADER + "\n" + String.join("\n", stage.ignoredFiles()));
                test.put("visibility", "visible");
            }
            if (stage.failedSetup()) {
                ObjectNode test = tests.addObject();
                test.put("name", stage.setupFailure());
                test.put("score", 0);
                test.put("max_score", Points.round(stage.maxPoints()));
                test.put("status", "failed");
                test.put("output", String.join("\n", stage.setupErrors()));
                test.put("visibility", "visible");
                continue;
            }
            score += stage.earned();
            for (TaskResult task : stage.tasks()) {
                ObjectNode test = tests.addObject();
                test.put("name", task.label());
                test.put("number", task.task().id());
                test.put("score", Points.round(task.earned()));
                test.put("max_score", Points.round(task.maxPoints()));
                test.put("status", task.allPassed() ? "passed" : "failed");
                test.put("output", taskOutput(task));
                test.put("visibility", task.hidden() ? "after_published" : "visible");
            }
        }
        root.put("score", Points.round(score));
        root.put("output", String.join("\n", output));
        root.put("visibility", "visible");
        // With hidden tests the console table shows their results: keep it from students.
        root.put("stdout_visibility", hiddenRun ? "hidden" : "visible");
        root.set("tests", tests);
        return root;
    }

    /** Builds and writes the report, creating the file's folder if needed. */
    public static void write(List<StageResult> stages, Path file) {
        write(build(stages), file);
    }

    static void write(ObjectNode report, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UserError("--json " + file + ": cannot write: " + e.getMessage());
        }
    }

    /** A report for when grading could not even start (a bad manifest): Gradescope still gets an answer. */
    public static void writeError(String message, Path file) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("score", 0);
        root.put("output", "The grader could not grade this submission; please tell the course staff.\n" + message);
        root.put("visibility", "visible");
        root.put("stdout_visibility", "hidden");
        ObjectNode test = root.putArray("tests").addObject();
        test.put("name", "Grader configuration");
        test.put("score", 0);
        test.put("max_score", 0);
        test.put("status", "failed");
        test.put("output", message);
        test.put("visibility", "visible");
        write(root, file);
    }

    private static String taskOutput(TaskResult task) {
        if (task.allPassed()) {
            return task.tests().size() + " of " + task.tests().size() + " tests passed.";
        }
        List<String> lines = new ArrayList<>();
        lines.add(task.passed() + " of " + task.tests().size() + " tests passed. Failing:");
        List<GradedTestResult> failing = task.tests().stream().filter(t -> !t.passed()).toList();
        for (int i = 0; i < Math.min(failing.size(), MAX_LISTED); i++) {
            GradedTestResult test = failing.get(i);
            lines.add("- " + test.name() + ": " + test.failure());
            if (i == 0 && test.details() != null && ScoreTable.showsDetails(test.failure())) {
                test.details().lines().forEach(l -> lines.add("    " + l));
            }
        }
        if (failing.size() > MAX_LISTED) {
            lines.add("… and " + (failing.size() - MAX_LISTED) + " more");
        }
        return String.join("\n", lines);
    }
}
