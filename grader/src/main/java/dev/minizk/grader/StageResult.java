package dev.minizk.grader;

import java.time.Duration;
import java.util.List;

/**
 * The grade of one stage: either task results, or a setup failure (the code
 * did not compile, the submission lacked the stage, the test JVM died) that
 * earns nothing but is still reported like a failed test.
 *
 * @param setupFailure the failed step's name ("Compilation", "Submission", "Test run"), or null
 * @param setupErrors  that step's error lines
 * @param sourcesNote  where main sources came from when grading a submission, or null
 * @param ignoredFiles the submission's files (and classes) left out of grading, one line each with the reason
 */
public record StageResult(StageModule stage, Manifest manifest, boolean hiddenRun, List<TaskResult> tasks,
                          String setupFailure, List<String> setupErrors, String sourcesNote, Duration took,
                          List<String> ignoredFiles) {

    public StageResult {
        ignoredFiles = List.copyOf(ignoredFiles);
    }

    public static StageResult failedSetup(StageModule stage, Manifest manifest, boolean hiddenRun, String step,
                                          List<String> errors, String sourcesNote, Duration took) {
        return new StageResult(stage, manifest, hiddenRun, List.of(), step, List.copyOf(errors), sourcesNote, took,
                List.of());
    }

    public StageResult withIgnoredFiles(List<String> files) {
        List<String> all = new java.util.ArrayList<>(ignoredFiles);
        all.addAll(files);
        return new StageResult(stage, manifest, hiddenRun, tasks, setupFailure, setupErrors, sourcesNote, took, all);
    }

    public StageResult withTime(Duration extra) {
        return new StageResult(stage, manifest, hiddenRun, tasks, setupFailure, setupErrors, sourcesNote,
                took.plus(extra), ignoredFiles);
    }

    public boolean failedSetup() {
        return setupFailure != null;
    }

    public double earned() {
        return tasks.stream().mapToDouble(TaskResult::earned).sum();
    }

    /** All points when hidden tests ran; otherwise the public tests' share of them. */
    public double maxPoints() {
        return publicMax() + (hiddenRun ? hiddenMax() : 0);
    }

    /** What the public tests are worth, whether or not hidden tests ran. */
    public double publicMax() {
        return manifest.tasks().stream().mapToDouble(StageResult::publicShare).sum();
    }

    /** What the hidden tests are worth (run on Gradescope; in a student edition they are absent). */
    public double hiddenMax() {
        return manifest.tasks().stream().mapToDouble(StageResult::hiddenShare).sum();
    }

    public int passed() {
        return tasks.stream().mapToInt(TaskResult::passed).sum();
    }

    public int testCount() {
        return tasks.stream().mapToInt(t -> t.tests().size()).sum();
    }

    public boolean fullMarks() {
        return !failedSetup() && tasks.stream().allMatch(TaskResult::allPassed);
    }

    /**
     * A task's points split between its public and hidden tests in proportion to their
     * numbers, in whole points, the same whether or not hidden tests run: what a student
     * sees locally is what Gradescope shows as visible.
     */
    static double publicShare(ManifestTask task) {
        int all = task.tests() + task.hiddenTests();
        if (all == 0 || task.hiddenTests() == 0) {
            return task.points();
        }
        return Math.round((double) task.points() * task.tests() / all);
    }

    static double hiddenShare(ManifestTask task) {
        return task.points() - publicShare(task);
    }
}
