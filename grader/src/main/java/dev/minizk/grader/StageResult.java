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
 */
public record StageResult(StageModule stage, Manifest manifest, boolean hiddenRun, List<TaskResult> tasks,
                          String setupFailure, List<String> setupErrors, String sourcesNote, Duration took) {

    public static StageResult failedSetup(StageModule stage, Manifest manifest, boolean hiddenRun, String step,
                                          List<String> errors, String sourcesNote, Duration took) {
        return new StageResult(stage, manifest, hiddenRun, List.of(), step, List.copyOf(errors), sourcesNote, took);
    }

    public boolean failedSetup() {
        return setupFailure != null;
    }

    public double earned() {
        return tasks.stream().mapToDouble(TaskResult::earned).sum();
    }

    /** All points when hidden tests ran; otherwise the public tests' share of them. */
    public double maxPoints() {
        double max = 0;
        for (ManifestTask task : manifest.tasks()) {
            max += publicShare(task, hiddenRun) + (hiddenRun ? hiddenShare(task) : 0);
        }
        return max;
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

    static double publicShare(ManifestTask task, boolean hiddenRun) {
        int ran = task.tests() + (hiddenRun ? task.hiddenTests() : 0);
        return ran == 0 ? 0 : task.points() * task.tests() / ran;
    }

    static double hiddenShare(ManifestTask task) {
        int ran = task.tests() + task.hiddenTests();
        return ran == 0 ? 0 : task.points() * task.hiddenTests() / ran;
    }
}
