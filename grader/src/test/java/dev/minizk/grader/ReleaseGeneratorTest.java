package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReleaseGeneratorTest {

    @TempDir
    Path temp;
    Path repoDir;
    CourseRepository repo;

    @BeforeEach
    void makeRepository() throws IOException {
        repoDir = temp.resolve("repo");
        write("pom.xml", "<project><modules><module>01-a</module><module>grader</module></modules></project>");
        write("01-a/pom.xml", "<project/>");
        write("01-a/src/main/java/A.java", String.join("\n", "class A {", "  int f() {",
                "    " + "// BEGIN SOLUTION 01.1", "    return 1;", "    " + "// END SOLUTION", "  }", "}", ""));
        write("01-a/src/main/java/B.java", "// SOLUTION FILE 01.2\nclass B {}\n");
        write("01-a/src/test/java/T.java", "class T {}\n");
        write("01-a/src/hidden-test/java/H.java", "class H {}\n");
        write("01-a/target/classes/A.class", "junk");
        write("grader/src/test/java/Check.java", "// INSTRUCTOR FILE\nclass Check {}\n");
        write("grader/src/test/fixtures/f/01-z/src/main/java/Z.java", "// BEGIN SOLUTION 01.1\n");
        write(".ci/run", "mvn verify\n");
        write("run.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(repoDir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        repo = new CourseRepository(repoDir);
    }

    private void write(String path, String content) throws IOException {
        Path file = repoDir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void the_edition_replaces_regions_and_leaves_out_hidden_instructor_and_solution_files() throws IOException {
        Path out = temp.resolve("edition");
        ReleaseSummary summary = ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false));

        assertThat(filesUnder(out)).containsExactly(".minizk-edition", "01-a/pom.xml", "01-a/src/main/java/A.java",
                "01-a/src/test/java/T.java", "grader/src/test/fixtures/f/01-z/src/main/java/Z.java", "pom.xml", "run.sh");
        assertThat(Files.readString(out.resolve("01-a/src/main/java/A.java"))).isEqualTo(String.join("\n",
                "class A {", "  int f() {", "    throw new UnsupportedOperationException(\"TODO 01.1\");", "  }", "}", ""));
        assertThat(Files.readString(out.resolve("grader/src/test/fixtures/f/01-z/src/main/java/Z.java")))
                .as("fixtures are copied verbatim").isEqualTo("// BEGIN SOLUTION 01.1\n");
        assertThat(Files.isExecutable(out.resolve("run.sh"))).isTrue();
        assertThat(summary).isEqualTo(new ReleaseSummary(6, 1, 1, 1, 1));
    }

    @Test
    void solved_stages_keep_their_code_and_solution_files_and_hidden_tests_can_be_included() throws IOException {
        Path out = temp.resolve("edition");
        ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of("01"), true));

        assertThat(Files.readString(out.resolve("01-a/src/main/java/A.java"))).contains("return 1;").doesNotContain("SOLUTION");
        assertThat(Files.readString(out.resolve("01-a/src/main/java/B.java"))).isEqualTo("class B {}\n");
        assertThat(out.resolve("01-a/src/hidden-test/java/H.java")).exists();
    }

    @Test
    void only_modules_course_folders_and_top_level_files_go_in_and_the_student_readme_replaces_the_readme()
            throws IOException {
        write("README.md", "for instructors");
        write("grader/edition/README.md", "for students");
        write("lessons/01.md", "lesson");
        write("old-edition/.minizk-edition", "an earlier edition, written inside the repository");
        write("old-edition/01-a/src/main/java/A.java", "class A { int f() { return 1; } }");
        write("autograder-01.zip", "solutions inside");
        Path out = temp.resolve("edition");
        ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false));

        assertThat(out.resolve("README.md")).hasContent("for students");
        assertThat(out.resolve("lessons/01.md")).exists();
        assertThat(out.resolve("old-edition")).doesNotExist();
        assertThat(out.resolve("autograder-01.zip")).doesNotExist();
        assertThat(out.resolve("grader/edition/README.md")).doesNotExist();
        assertThat(EditionAudit.audit(repo, out, Set.of(), false)).isEmpty();
    }

    @Test
    void it_refuses_an_out_folder_inside_the_repository() {
        assertThatThrownBy(() -> ReleaseGenerator.write(repo, new ReleaseOptions(repoDir.resolve("gradescope-src"), Set.of(), false)))
                .isInstanceOf(UserError.class).hasMessageContaining("inside the repository");
    }

    @Test
    void the_audit_finds_solutions_hidden_tests_instructor_files_earlier_editions_and_stray_files() throws IOException {
        write("01-a/src/main/java/D.java", String.join("\n", "class D {", "  int g(int[] xs) {",
                "    " + "// BEGIN SOLUTION 01.3", "    int total = 0;", "    for (int x : xs) {", "      total += x * x;",
                "    }", "    return total;", "    " + "// END SOLUTION", "  }", "}", ""));
        Path out = temp.resolve("edition");
        ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false));
        assertThat(EditionAudit.audit(repo, out, Set.of(), false)).isEmpty();

        Files.writeString(out.resolve("01-a/src/test/java/Helper.java"), String.join("\n", "class Helper {",
                "  static int expected(int[] xs) {", "    int total = 0;", "    for (int x : xs) {",
                "        total  +=  x * x;", "    }", "    return total;", "  }", "}", ""));
        Files.createDirectories(out.resolve("01-a/src/hidden-test/java"));
        Files.writeString(out.resolve("01-a/src/hidden-test/java/H.java"), "class H {}\n");
        Files.writeString(out.resolve("grader/Check.java"), "// INSTRUCTOR FILE\nclass Check {}\n");
        Files.createDirectories(out.resolve("01-a/old"));
        Files.writeString(out.resolve("01-a/old/.minizk-edition"), "edition");
        Files.createDirectories(out.resolve("scratch"));
        Files.writeString(out.resolve("scratch/notes.txt"), "stray");

        assertThat(EditionAudit.audit(repo, out, Set.of(), false)).containsExactly(
                "01-a/old/.minizk-edition: an earlier edition inside this one",
                "01-a/src/hidden-test/java/H.java: a hidden test",
                "01-a/src/test/java/Helper.java:3: the solution of 01.3 (3 lines of its solution region, from \"int total = 0;\")",
                "grader/Check.java:1: an instructor file",
                "scratch/notes.txt: not part of an edition (not in a module of the root pom, nor in lessons)");
    }

    @Test
    void release_says_an_edition_is_not_safe_when_the_repository_would_leak_into_it() throws IOException {
        write("01-a/src/main/java/D.java", String.join("\n", "class D {", "  int g(int[] xs) {",
                "    " + "// BEGIN SOLUTION 01.3", "    int total = 0;", "    for (int x : xs) {", "      total += x * x;",
                "    }", "    return total;", "    " + "// END SOLUTION", "  }", "}", ""));
        write("01-a/src/test/java/Oracle.java", String.join("\n", "class Oracle {", "  static int sum(int[] xs) {",
                "    int total = 0;", "    for (int x : xs) {", "      total += x * x;", "    }", "    return total;", "  }", "}", ""));
        write("01-a/old/.minizk-edition", "an earlier edition inside a module");
        write("01-a/old/01-a/src/main/java/D.java", "class D { int g(int[] xs) { return 0; } }");
        Path out = temp.resolve("edition");

        TestSupport.CliRun run = TestSupport.cli("release", "--repo", repoDir.toString(), "--out", out.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("The edition is NOT safe to hand out (1 problem(s)):",
                "01-a/src/test/java/Oracle.java:3: the solution of 01.3");
        assertThat(out.resolve("01-a/old")).as("an earlier edition is never copied").doesNotExist();
    }

    @Test
    void it_refuses_a_non_empty_folder_that_is_not_an_edition() throws IOException {
        Path out = temp.resolve("notes");
        Files.createDirectories(out);
        Files.writeString(out.resolve("mine.txt"), "keep me");
        assertThatThrownBy(() -> ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false)))
                .isInstanceOf(UserError.class).hasMessageContaining("--out").hasMessageContaining("not empty");
        assertThat(out.resolve("mine.txt")).hasContent("keep me");
    }

    @Test
    void it_rewrites_a_previous_edition_but_keeps_its_git_folder() throws IOException {
        Path out = temp.resolve("edition");
        ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false));
        Files.createDirectories(out.resolve(".git"));
        Files.writeString(out.resolve(".git/HEAD"), "ref");
        Files.writeString(out.resolve("stale.txt"), "old");

        ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false));
        assertThat(out.resolve("stale.txt")).doesNotExist();
        assertThat(out.resolve(".git/HEAD")).hasContent("ref");
    }

    @Test
    void a_marker_error_names_file_and_line_and_writes_nothing() throws IOException {
        write("01-a/src/main/java/C.java", "class C {\n  // END SOLUTON\n}\n");
        Path out = temp.resolve("edition");
        assertThatThrownBy(() -> ReleaseGenerator.write(repo, new ReleaseOptions(out, Set.of(), false)))
                .isInstanceOf(UserError.class).hasMessageContaining("01-a/src/main/java/C.java:2: malformed marker");
        assertThat(out).doesNotExist();
        assertThat(ReleaseGenerator.checkMarkers(repo)).extracting(MarkerError::toString)
                .singleElement().asString().startsWith("01-a/src/main/java/C.java:2:");
    }

    @Test
    void unknown_solved_stages_are_refused() {
        assertThatThrownBy(() -> ReleaseGenerator.parseStageList("--solved", "01,7"))
                .isInstanceOf(UserError.class).hasMessage("--solved 01,7: '7' is not a stage id (expected two digits, e.g. 01,02)");
        assertThatThrownBy(() -> ReleaseGenerator.write(repo, new ReleaseOptions(temp.resolve("e"), Set.of("05"), false)))
                .isInstanceOf(UserError.class).hasMessageContaining("stage '05'");
    }

    @Test
    void in_a_git_checkout_ignored_files_stay_out() throws Exception {
        write(".gitignore", "results.json\n");
        write("results.json", "{}");
        Process git = new ProcessBuilder("git", "init", "-q", repoDir.toString()).inheritIO().start();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> files = RepoFiles.list(repoDir, false, null);
        assertThat(files).contains(".gitignore", "01-a/src/main/java/A.java").doesNotContain("results.json",
                "01-a/target/classes/A.class", ".ci/run", "01-a/src/hidden-test/java/H.java");
    }
}
