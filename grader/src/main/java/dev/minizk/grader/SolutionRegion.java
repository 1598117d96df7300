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

    /** What the student edition gets in place of the whole region. */
    public List<String> studentLines() {
        if (!stubs.isEmpty()) {
            return stubs;
        }
        return List.of(indent + "throw new UnsupportedOperationException(\"TODO " + task + "\");");
    }
}
