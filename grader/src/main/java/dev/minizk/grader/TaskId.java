package dev.minizk.grader;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task id such as {@code 01.3}: stage {@code 01}, task {@code 3}.
 * The same string is the JUnit tag of the task's graded tests, the id in
 * {@code grading.json} and the id in solution markers.
 */
public record TaskId(String stage, int number) implements Comparable<TaskId> {

    /** Exactly what a graded test's tag looks like; any other tag is not graded. */
    public static final Pattern PATTERN = Pattern.compile("^(\\d\\d)\\.(\\d+)$");

    public static Optional<TaskId> parse(String text) {
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new TaskId(m.group(1), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    public static boolean isTaskId(String text) {
        return parse(text).isPresent();
    }

    @Override
    public int compareTo(TaskId other) {
        int byStage = stage.compareTo(other.stage);
        return byStage != 0 ? byStage : Integer.compare(number, other.number);
    }

    @Override
    public String toString() {
        return stage + "." + number;
    }
}
