package dev.minizk.grader;

import static dev.minizk.grader.TestSupport.cliWithMaven;
import static dev.minizk.grader.TestSupport.copyFixture;
import static dev.minizk.grader.TestSupport.replaceInFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** check-release on the fixture: a graded test that passes on the skeleton fails the check. */
@Timeout(240)
class CheckReleaseFixtureTest {

    @TempDir
    Path temp;

    @Test
    void a_graded_test_that_passes_on_the_skeleton_fails_the_check() throws Exception {
        Path repo = copyFixture(temp.resolve("course"));
        // The stub of 01.3 returns -1 without throwing, so this test grades nothing.
        replaceInFile(repo.resolve("01-fixture/src/test/java/dev/fixture/CounterTest.java"),
                "    @Test\n    void an_ungraded_test",
                "    @Test\n    @Tag(\"01.3\")\n    void parse_does_not_throw() {\n        Counter.parse(\"5\");\n    }\n\n"
                        + "    @Test\n    void an_ungraded_test");
        replaceInFile(repo.resolve("01-fixture/grading.json"), "\"points\": 4, \"tests\": 1", "\"points\": 4, \"tests\": 2");

        TestSupport.CliRun run = cliWithMaven("check-release", "--repo", repo.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("markers +ok \\(3 Java files\\)")
                .containsPattern("edition 01 +written, solved below: none")
                .containsPattern("compiles 01 +ok")
                .containsPattern("skeleton 01 +1 of 7 graded tests pass")
                .containsPattern("reference 01 +20/20 points, 7/7 tests")
                .contains("check-release: FAILED (1 problem(s))",
                        "stage 01: 1 graded test(s) pass on the skeleton, so they grade nothing:",
                        "01.3 CounterTest > parse does not throw");
    }
}
