package dev.minizk.grader;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stage's {@code grading.json}: which tasks it has, their points, and how many
 * graded tests each has. The counts are there so that a renamed or mis-tagged
 * test cannot silently drop out of the grade.
 */
public record Manifest(String stage, String title, List<ManifestTask> tasks) {

    private static final Set<String> TOP_FIELDS = Set.of("stage", "title", "tasks");
    private static final Set<String> TASK_FIELDS = Set.of("id", "title", "points", "tests", "hiddenTests");

    public double totalPoints() {
        return tasks.stream().mapToDouble(ManifestTask::points).sum();
    }

    public Optional<ManifestTask> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Reads and checks a manifest; every problem is a one-line {@link UserError} naming the file and field. */
    public static Manifest read(Path file, String expectedStage, String displayPath) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new UserError(displayPath + where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserError(displayPath + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UserError(displayPath + ": expected a JSON object {\"stage\":…, \"title\":…, \"tasks\":[…]}");
        }
        Fields top = new Fields(displayPath, root, TOP_FIELDS);
        String stage = top.text("stage");
        if (!stage.equals(expectedStage)) {
            throw new UserError(displayPath + ": \"stage\" is \"" + stage + "\" but the module is stage " + expectedStage);
        }
        String title = top.text("title");
        JsonNode taskNodes = root.get("tasks");
        if (taskNodes == null || !taskNodes.isArray() || taskNodes.isEmpty()) {
            throw new UserError(displayPath + ": \"tasks\" must be a non-empty array");
        }
        List<ManifestTask> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < taskNodes.size(); i++) {
            Fields task = new Fields(displayPath + ": tasks[" + i + "]", taskNodes.get(i), TASK_FIELDS);
            String id = task.text("id");
            Optional<TaskId> parsed = TaskId.parse(id);
            if (parsed.isEmpty() || !parsed.get().stage().equals(stage)) {
                throw new UserError(displayPath + ": tasks[" + i + "].id \"" + id + "\" is not a task of stage " + stage
                        + " (expected " + stage + ".K)");
            }
            if (!ids.add(id)) {
                throw new UserError(displayPath + ": task " + id + " is listed twice");
            }
            tasks.add(new ManifestTask(id, task.text("title"), task.number("points"),
                    task.count("tests", true), task.count("hiddenTests", false)));
        }
        tasks.sort((a, b) -> TaskId.parse(a.id()).get().compareTo(TaskId.parse(b.id()).get()));
        return new Manifest(stage, title, List.copyOf(tasks));
    }

    /** Field access with error messages that name the field. */
    private record Fields(String where, JsonNode node, Set<String> known) {
        Fields {
            if (node == null || !node.isObject()) {
                throw new UserError(where + ": expected a JSON object");
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new UserError(where + ": unknown field \"" + name + "\" (known: " + String.join(", ", known) + ")");
                }
            }
        }

        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                throw new UserError(where + ": \"" + field + "\" must be a non-empty string");
            }
            return value.asText();
        }

        double number(String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isNumber() || value.asDouble() < 0) {
                throw new UserError(where + ": \"" + field + "\" must be a number >= 0");
            }
            return value.asDouble();
        }

        int count(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null && !required) {
                return 0;
            }
            if (value == null || !value.isInt() || value.asInt() < 0) {
                throw new UserError(where + ": \"" + field + "\" must be a whole number >= 0");
            }
            return value.asInt();
        }
    }
}
