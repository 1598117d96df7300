package dev.minizk.grader;

import static dev.minizk.grader.TestSupport.cliWithMaven;
import static dev.minizk.grader.TestSupport.copyFixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submissions that try to fool the grader, graded for real against the fixture reactor
 * (tasks 01.1: 10 points, 01.2: 4 public + 2 hidden, 01.3: 4). Each must score exactly
 * what its honest code earns, within a time bound. Several attacks share one submission
 * so that each Maven build is paid once.
 */
@Timeout(120)
class HostileSubmissionTest {

    private static final String SKELETON = """
            package dev.fixture;

            public final class Counter {
                private int value;
                public int increment() { throw new UnsupportedOperationException("TODO 01.1"); }
                public int reset() { throw new UnsupportedOperationException("TODO 01.2"); }
                public int value() { return value; }
                public static int parse(String text) { return -1; }
            }
            """;

    @TempDir
    Path temp;
    Path repo;
    Path submission;
    Path main;

    @BeforeEach
    void setUp() throws IOException {
        repo = copyFixture(temp.resolve("course"));
        submission = temp.resolve("submission");
        main = submission.resolve("01-fixture/src/main/java");
    }

    private void write(String path, String text) throws IOException {
        Path file = main.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private TestSupport.CliRun grade(Path results) {
        return cliWithMaven("01", "--repo", repo.toString(), "--submission", submission.toString(), "--hidden",
                "--json", results.toString(), "--test-timeout", "2", "--run-timeout", "60");
    }

    @Test
    void classes_in_packages_the_stage_does_not_own_are_left_out_and_named() throws IOException {
        write("dev/fixture/Counter.java", SKELETON);
        String fakeRunner = """
                package dev.minizk.grader;
                public final class GradedTestRunner {
                    public static void main(String[] args) throws Exception {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]).resolveSibling("results.jsonl"), "");
                        System.exit(0);
                    }
                }
                """;
        // Shadows the runner by its path, a JUnit class by its path, the runner again by a package
        // declaration that a naive reader would miss (javac puts it in dev/minizk/grader), and a
        // test class by its name.
        write("dev/minizk/grader/GradedTestRunner.java", fakeRunner);
        write("org/junit/jupiter/api/Assertions.java", "package org.junit.jupiter.api;\npublic class Assertions {}\n");
        write("dev/fixture/Sneaky.java", "/*\npackage dev.fixture;\n*/\n" + fakeRunner.replace("public final class", "final class"));
        write("dev/fixture/CounterHiddenTest.java", "package dev.fixture;\npublic class CounterHiddenTest {}\n");
        write("dev/fixture/notes.txt", "not code");
        Path results = temp.resolve("results.json");

        TestSupport.CliRun run = grade(results);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString())
                .contains("01-fixture/src/main/java/dev/minizk/grader/GradedTestRunner.java: not in a package of this stage")
                .contains("01-fixture/src/main/java/org/junit/jupiter/api/Assertions.java: not in a package of this stage")
                .contains("01-fixture/src/main/java/dev/fixture/notes.txt: not a .java file")
                .contains("01-fixture: dev.minizk.grader.GradedTestRunner: a class outside the stage's packages")
                .contains("01-fixture: dev.fixture.CounterHiddenTest: a class with the name of a test class")
                .containsPattern("total +0/20 +0/6");
        JsonNode report = new ObjectMapper().readTree(results.toFile());
        assertThat(report.get("score").asDouble()).isZero();
        JsonNode files = report.get("tests").get(0);
        assertThat(files.get("name").asText()).isEqualTo("Submission files");
        assertThat(files.get("status").asText()).isEqualTo("failed");
        assertThat(files.get("visibility").asText()).isEqualTo("visible");
        assertThat(files.get("output").asText()).contains("GradedTestRunner.java", "Assertions.java", "CounterHiddenTest");
    }

    @Test
    void sandboxed_code_cannot_exit_write_read_hidden_tests_hang_the_run_or_flood_the_output() throws IOException {
        Path secret = Files.writeString(temp.resolve("secret.txt"), "instructor's eyes only");
        Path stolen = temp.resolve("stolen.txt");
        Path fakeResults = temp.resolve("fake-results.json");
        write("dev/fixture/Counter.java", """
                package dev.fixture;

                import java.nio.file.Files;
                import java.nio.file.Path;

                public final class Counter {
                    static {
                        attempt(() -> Files.writeString(Path.of("%s"), Files.readString(Path.of("%s"))));
                        attempt(() -> Files.writeString(Path.of("%s"), Files.readString(
                                Path.of("src/hidden-test/java/dev/fixture/CounterHiddenTest.java"))));
                        attempt(() -> Files.writeString(Path.of("%s"), "{\\"score\\": 100}"));
                        attempt(() -> {
                            String spec = System.getProperty("sun.java.command").split(" ")[1];
                            Files.writeString(Path.of(spec).resolveSibling("results.jsonl"), "{\\"event\\":\\"done\\"}\\n");
                            return null;
                        });
                        attempt(() -> { Runtime.getRuntime().halt(0); return null; });
                        attempt(() -> { System.exit(0); return null; });
                    }

                    interface Attempt { Object run() throws Exception; }

                    private static void attempt(Attempt attempt) {
                        try {
                            attempt.run();
                        } catch (Exception | Error denied) {
                            System.out.println("denied: " + denied);
                        }
                    }

                    private int value;

                    public int increment() { return ++value; }

                    public int reset() { while (true) { value = 0; } }

                    public int value() { return value; }

                    public static int parse(String text) {
                        String line = "x".repeat(1 << 20);
                        for (int i = 0; i < 5; i++) {
                            System.out.println(line);
                        }
                        for (int i = 0; i < 100_000; i++) {
                            System.out.println("line " + i);
                        }
                        return -1;
                    }
                }
                """.formatted(slashes(stolen), slashes(secret), slashes(stolen), slashes(fakeResults)));
        Path results = temp.resolve("results.json");
        long start = System.nanoTime();

        TestSupport.CliRun run = grade(results);

        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(seconds).as("graded within the time bound").isLessThan(90);
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        // 01.1 is honest work and earns its points: the sandbox does not get in its way, and the
        // static block's System.exit did not end the run. The loop times out, the flood is cut.
        assertThat(run.out()).as(run.toString())
                .containsPattern("01\\.1 +Increment +10/10 +2/2")
                .containsPattern("01\\.2 +Reset +0/4 +0/2 +.*timed out")
                .containsPattern("01\\.2 +Reset \\(hidden\\) +0/2 +0/1")
                .containsPattern("01\\.3 +Parse +0/4 +0/1")
                .containsPattern("total +10/20 +2/6");
        assertThat(run.out().length()).as("the flood stays out of the report").isLessThan(20_000);
        assertThat(stolen).doesNotExist();
        assertThat(fakeResults).doesNotExist();
        JsonNode report = new ObjectMapper().readTree(results.toFile());
        assertThat(report.get("score").asDouble()).isEqualTo(10.0);
        assertThat(report.toString().length()).isLessThan(30_000);
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
