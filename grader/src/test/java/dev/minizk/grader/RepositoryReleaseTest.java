// INSTRUCTOR FILE
package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the real course repository during {@code mvn verify}: every marker
 * parses, the student edition compiles and fails every graded test, and the
 * reference earns every point. The grader is the last module of the reactor,
 * so the stages are built by the time this runs.
 *
 * An instructor file: it makes no sense inside a student edition, which has
 * no solutions to check.
 */
class RepositoryReleaseTest {

    private static final CourseRepository REPO = new CourseRepository(TestSupport.moduleDir().getParent());

    @Test
    @Timeout(60)
    void every_solution_marker_in_the_repository_parses() {
        List<MarkerError> errors = ReleaseGenerator.checkMarkers(REPO);
        assertThat(errors)
                .withFailMessage(() -> "bad solution markers:\n" + errors.stream().map(MarkerError::toString)
                        .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    @Test
    @Timeout(900)
    void the_student_edition_fails_every_graded_test_and_the_reference_earns_every_point() {
        assertThat(REPO.stages()).as("stage modules (NN-*) in " + REPO.root()).isNotEmpty();
        // A stage becomes checked as soon as its grading.json exists; until then there is nothing to grade.
        assumeFalse(REPO.gradedStages().isEmpty(), "no stage has a grading.json yet");

        TestSupport.CliRun run = TestSupport.cliWithMaven("check-release", "--repo", REPO.root().toString());

        assertThat(run.exit()).withFailMessage(() -> "check-release failed:\n" + run.out() + run.err()).isZero();
        assertThat(run.out()).contains("check-release: OK");
        for (StageModule stage : REPO.gradedStages()) {
            assertThat(run.out()).contains("reference " + stage.stage());
        }
    }
}
