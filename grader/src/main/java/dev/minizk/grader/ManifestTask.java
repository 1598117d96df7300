package dev.minizk.grader;

/**
 * One task of a stage's {@code grading.json}.
 *
 * @param tests       how many public graded tests the task has
 * @param hiddenTests how many hidden graded tests it has (0 when absent)
 */
public record ManifestTask(String id, String title, double points, int tests, int hiddenTests) {

    public String label() {
        return id + " " + title;
    }
}
