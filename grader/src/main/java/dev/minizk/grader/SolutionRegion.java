package dev.minizk.grader;

import java.util.List;

/**
 * A {@code // BEGIN SOLUTION NN.K} .. {@code // END SOLUTION} region.
 * Line numbers are 1-based and inclusive of both marker lines.
 *
 * @param stubs the code of the region's {@code // STUB:} lines, each already
 *              indented like its own comment, in order
 */
public record SolutionRegion(TaskId task, int beginLine, int endLine, String indent, List<String> stubs) {

    /**
     * What the student edition gets in place of the whole region. Stub code that does not
     * already say {@code TODO NN.K} gets it as a trailing comment on its last line, so that
     * the grader can tell a student whose test fails that the task's stub still stands.
     */
    public List<String> studentLines() {
        String todo = "TODO " + task;
        if (!stubs.isEmpty()) {
            java.util.regex.Pattern mentioned = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(todo) + "\\b");
            if (stubs.stream().anyMatch(line -> mentioned.matcher(line).find())) {
                return stubs;
            }
            java.util.ArrayList<String> marked = new java.util.ArrayList<>(stubs);
            for (int i = marked.size() - 1; i >= 0; i--) {
                if (!marked.get(i).isBlank()) {
                    marked.set(i, marked.get(i) + " // " + todo);
                    break;
                }
            }
            return List.copyOf(marked);
        }
        return List.of(indent + "throw new UnsupportedOperationException(\"TODO " + task + "\");");
    }
}
