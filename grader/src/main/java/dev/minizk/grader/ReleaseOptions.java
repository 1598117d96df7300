package dev.minizk.grader;

import java.nio.file.Path;
import java.util.Set;

/**
 * @param solvedStages stages whose solutions the edition keeps (a class that starts mid-course)
 * @param withHidden   whether hidden tests go into the edition (only for check-release and Gradescope)
 */
public record ReleaseOptions(Path out, Set<String> solvedStages, boolean withHidden) {}
