package dev.minizk.grader;

import static dev.minizk.grader.TestSupport.cli;
import static dev.minizk.grader.TestSupport.copyFixture;
import static dev.minizk.grader.TestSupport.replaceInFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line without Maven: marker checks and one-line errors for bad input. */
@Timeout(30)
class CliTest {

    @TempDir
    Path temp;

    @Test
    void check_markers_reports_each_bad_marker_with_file_and_line() throws IOException {
        Path repo = copyFixture(temp.resolve("course"));
        Path counter = repo.resolve("01-fixture/src/main/java/dev/fixture/Counter.java");
        TestSupport.CliRun clean = cli("check-markers", "--repo", repo.toString());
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("markers ok: 3 Java files checked");

        replaceInFile(counter, "// BEGIN SOLUTION 01.3", "// BEGIN SOLUTON 01.3");
        Path sources = repo.resolve("01-fixture/src/main/java/dev/fixture");
        Files.writeString(sources.resolve("Unterminated.java"), String.join("\n",
                "package dev.fixture;", "class Unterminated {", "    int f() {", "        " + "// BEGIN SOLUTION 01.1",
                "        return 1;", "    }", "}", ""));
        Files.writeString(sources.resolve("Nested.java"), String.join("\n",
                "package dev.fixture;", "class Nested {", "    void f() {", "        " + "// BEGIN SOLUTION 01.1",
                "        " + "// BEGIN SOLUTION 01.2", "        " + "// END SOLUTION", "        " + "// END SOLUTION", "    }", "}", ""));

        TestSupport.CliRun run = cli("check-markers", "--repo", repo.toString());
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains(
                "01-fixture/src/main/java/dev/fixture/Counter.java:31: malformed marker '// BEGIN SOLUTON 01.3'",
                "01-fixture/src/main/java/dev/fixture/Unterminated.java:4: BEGIN SOLUTION 01.1 is never closed",
                "01-fixture/src/main/java/dev/fixture/Nested.java:5: nested BEGIN SOLUTION");
    }

    @Test
    void bad_input_gets_one_clear_line_naming_the_argument_and_exit_code_2() throws IOException {
        Path repo = copyFixture(temp.resolve("course"));
        assertOneLineError(cli("1", "--repo", repo.toString()), "error: stage '1': expected two digits such as 01, or 'all'");
        assertOneLineError(cli("07", "--repo", repo.toString()), "error: stage '07': no such stage in " + repo + " (stages: 01)");
        assertOneLineError(cli("01", "--repo", temp.resolve("nowhere").toString()), "error: --repo " + temp.resolve("nowhere") + ": no such folder");
        assertOneLineError(cli("01", "--repo", repo.toString(), "--reference-below"),
                "error: --reference-below only applies together with --submission DIR");
        assertOneLineError(cli("01", "--repo", repo.toString(), "--test-timeout", "0"),
                "error: --test-timeout 0: must be a number of seconds > 0");
        assertOneLineError(cli("01", "--repo", repo.toString(), "--test-timeout", "soon"),
                "error: Invalid value for option '--test-timeout': 'soon' is not an int (see ./grade grade --help)");
        assertOneLineError(cli("01", "--frobnicate"), "error: Unknown option: '--frobnicate' (see ./grade grade --help)");
        assertOneLineError(cli("release", "--repo", repo.toString()),
                "error: Missing required option: '--out=DIR' (see ./grade release --help)");
        assertOneLineError(cli("release", "--repo", repo.toString(), "--out", temp.resolve("e").toString(), "--solved", "1"),
                "error: --solved 1: '1' is not a stage id (expected two digits, e.g. 01,02)");
        assertOneLineError(cli("01", "--repo", repo.toString(), "--submission", temp.resolve("none").toString()),
                "error: --submission " + temp.resolve("none") + ": no such folder");

        Files.delete(repo.resolve("01-fixture/grading.json"));
        assertOneLineError(cli("01", "--repo", repo.toString()), "error: 01-fixture has no grading.json, so it cannot be graded (yet)");
    }

    @Test
    void a_configuration_error_still_writes_a_gradescope_result() throws IOException {
        Path repo = copyFixture(temp.resolve("course"));
        Files.delete(repo.resolve("01-fixture/grading.json"));
        Path results = temp.resolve("results.json");
        TestSupport.CliRun run = cli("01", "--repo", repo.toString(), "--json", results.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(Files.readString(results)).contains("\"name\" : \"Grader configuration\"", "has no grading.json");
    }

    private static void assertOneLineError(TestSupport.CliRun run, String expected) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().strip()).as(run.toString()).isEqualTo(expected);
    }
}
