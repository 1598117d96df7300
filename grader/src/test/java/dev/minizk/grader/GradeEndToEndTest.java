package dev.minizk.grader;

import static dev.minizk.grader.TestSupport.cli;
import static dev.minizk.grader.TestSupport.cliWithMaven;
import static dev.minizk.grader.TestSupport.copyFixture;
import static dev.minizk.grader.TestSupport.replaceInFile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grades the fixture reactor (grader/src/test/fixtures/basic) for real: Maven
 * builds it and a child JVM runs its graded tests. The fixture has tasks 01.1
 * (10 points, 2 tests), 01.2 (6 points, 2 public + 1 hidden) and 01.3 (4 points,
 * 1 parameterized test).
 */
@Timeout(180)
class GradeEndToEndTest {

    @TempDir
    Path temp;
    Path repo;
    Path counter;

    @BeforeEach
    void copy() throws IOException {
        repo = copyFixture(temp.resolve("course"));
        counter = repo.resolve("01-fixture/src/main/java/dev/fixture/Counter.java");
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void the_reference_earns_every_point_and_hidden_tests_report_after_publishing() throws IOException {
        Path results = temp.resolve("out/results.json");
        TestSupport.CliRun run = cliWithMaven("01", "--repo", repo.toString(), "--hidden", "--json", results.toString());

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("[6/6]", "Stage 01 — The fixture counter (hidden tests included)")
                .containsPattern("01\\.2 +Reset \\(hidden\\) +2/2 +1/1")
                .containsPattern("total +20/20 +6/6")
                .doesNotContain("ungraded");
        JsonNode report = json(results);
        assertThat(report.get("score").asDouble()).isEqualTo(20.0);
        assertThat(report.get("stdout_visibility").asText()).isEqualTo("hidden");
        assertThat(report.get("output").asText()).contains("18/18").doesNotContain("(hidden)");
        assertThat(report.get("tests")).hasSize(4);
        JsonNode hidden = report.get("tests").get(2);
        assertThat(hidden.get("name").asText()).isEqualTo("01.2 Reset (hidden tests)");
        assertThat(hidden.get("number").asText()).isEqualTo("01.2");
        assertThat(hidden.get("max_score").asDouble()).isEqualTo(2.0);
        assertThat(hidden.get("visibility").asText()).isEqualTo("after_published");
        assertThat(report.get("tests").get(0).get("status").asText()).isEqualTo("passed");
    }

    @Test
    void a_broken_task_earns_nothing_and_shows_its_first_failure_line() throws IOException {
        replaceInFile(counter, "return value;\n        // END SOLUTION", "return value + 1;\n        // END SOLUTION");
        Path results = temp.resolve("results.json");
        TestSupport.CliRun run = cliWithMaven("01", "--repo", repo.toString(), "--json", results.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("01\\.1 +Increment +0/10 +0/2 +AssertionFailedError: expected: <1> but was: <2>")
                .containsPattern("01\\.2 +Reset +4/4 +2/2")
                .containsPattern("01\\.3 +Parse +4/4 +1/1")
                .containsPattern("total +8/18 +3/5")
                .contains("Hidden tests, run on Gradescope, are worth 2 more points.")
                .contains("First failing test of each task");
        JsonNode tests = json(results).get("tests");
        assertThat(tests.get(0).get("score").asDouble()).isZero();
        assertThat(tests.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(tests.get(0).get("output").asText())
                .contains("CounterTest > increment returns the new value: AssertionFailedError: expected: <1> but was: <2>");
        assertThat(tests.get(1).get("status").asText()).isEqualTo("passed");
    }

    @Test
    void a_compile_error_becomes_one_failed_compilation_test_with_the_compiler_message() throws IOException {
        replaceInFile(counter, "return old;", "return olde;");
        Path results = temp.resolve("results.json");
        TestSupport.CliRun run = cliWithMaven("01", "--repo", repo.toString(), "--json", results.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("Compilation failed: 0/18 points", "cannot find symbol");
        JsonNode report = json(results);
        assertThat(report.get("score").asDouble()).isZero();
        assertThat(report.get("tests")).hasSize(1);
        JsonNode compilation = report.get("tests").get(0);
        assertThat(compilation.get("name").asText()).isEqualTo("Compilation");
        assertThat(compilation.get("status").asText()).isEqualTo("failed");
        assertThat(compilation.get("max_score").asDouble()).isEqualTo(18.0);
        assertThat(compilation.get("visibility").asText()).isEqualTo("visible");
        assertThat(compilation.get("output").asText())
                .contains("01-fixture/src/main/java/dev/fixture/Counter.java:[", "cannot find symbol", "olde")
                .doesNotContain(repo.toString());
    }

    @Test
    void a_manifest_that_disagrees_with_the_tests_is_an_error_not_a_score() throws IOException {
        replaceInFile(repo.resolve("01-fixture/grading.json"), "\"points\": 10, \"tests\": 2", "\"points\": 10, \"tests\": 3");
        TestSupport.CliRun run = cliWithMaven("01", "--repo", repo.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("error: task 01.1: 01-fixture/grading.json expects 3 public graded tests, found 2 "
                + "(CounterTest.increment_returns_the_new_value, CounterTest.increments_add_up)");
        assertThat(run.out()).doesNotContain("total");
    }

    @Test
    void the_student_edition_compiles_and_earns_nothing_for_stripped_tasks() throws IOException {
        Path edition = temp.resolve("edition");
        TestSupport.CliRun release = cli("release", "--repo", repo.toString(), "--out", edition.toString());
        assertThat(release.exit()).as(release.toString()).isZero();
        assertThat(edition.resolve("01-fixture/src/hidden-test")).doesNotExist();

        TestSupport.CliRun run = cliWithMaven("01", "--repo", edition.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("01\\.1 +Increment +0/10 +0/2 +not implemented yet \\(TODO 01\\.1\\)")
                .containsPattern("01\\.1 +Increment +0/10 +0/2 +not implemented yet \\(TODO 01\\.1\\)")
                .containsPattern("01\\.2 +Reset +0/4 +0/2 +blocked by 01\\.1 \\(not implemented yet\\)")
                .containsPattern("01\\.3 +Parse +0/4 +0/1 +stub for 01\\.3 still in place \\(Counter\\.java:\\d+\\): ")
                .contains("AssertionFailedError: expected: <7> but was: <-1>", "… and 1 more failing test of 01.1")
                .containsPattern("total +0/18 +0/5");
    }

    @Test
    void a_submission_gets_its_main_sources_graded_against_the_release_tests() throws IOException {
        // The student's repository: the edition with 01.1 and 01.2 done, 01.3 not,
        // and the 01.3 test edited so that it would pass on the stub.
        Path submission = temp.resolve("submission");
        assertThat(cli("release", "--repo", repo.toString(), "--out", submission.toString()).exit()).isZero();
        Path theirCounter = submission.resolve("01-fixture/src/main/java/dev/fixture/Counter.java");
        replaceInFile(theirCounter, "throw new UnsupportedOperationException(\"TODO 01.1\");", "return ++value;");
        replaceInFile(theirCounter, "throw new UnsupportedOperationException(\"TODO 01.2\");",
                "int old = value; value = 0; return old;");
        replaceInFile(submission.resolve("01-fixture/src/test/java/dev/fixture/CounterTest.java"),
                "assertEquals(Integer.parseInt(text.strip()), Counter.parse(text));", "assertEquals(-1, Counter.parse(text));");

        TestSupport.CliRun run = cliWithMaven("01", "--repo", repo.toString(), "--submission", submission.toString(), "--hidden");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .contains("Main sources: from the submission: 01; from the release: none")
                .containsPattern("01\\.1 +Increment +10/10 +2/2")
                .containsPattern("01\\.2 +Reset \\(hidden\\) +2/2 +1/1")
                .containsPattern("01\\.3 +Parse +0/4 +0/1 +stub for 01\\.3 still in place")
                .contains("expected: <7> but was: <-1>");
    }
}
