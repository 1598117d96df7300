package dev.minizk.grader;

/** What the first non-blank line of a Java file says about the whole file. */
public sealed interface FileMarker {

    /** An ordinary file: copied into the edition with its regions replaced. */
    record None() implements FileMarker {}

    /** {@code // SOLUTION FILE NN.K}: the file exists only where its stage is kept solved. */
    record SolutionFile(TaskId task, int line) implements FileMarker {}

    /** {@code // INSTRUCTOR FILE}: never part of a student edition. */
    record InstructorFile(int line) implements FileMarker {}
}
