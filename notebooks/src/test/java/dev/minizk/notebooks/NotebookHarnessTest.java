package dev.minizk.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The harness checked against fixture notebooks whose outcome is known. */
class NotebookHarnessTest {

    private static final Path FIXTURES =
            NotebookCellsTest.notebooksFolder().resolve("src/test/resources/fixtures");

    private final NotebookRunner runner = new NotebookRunner(NotebookCellsTest.TIMEOUT);

    @Test
    void the_notebook_test_finds_every_notebook_of_a_folder_but_not_of_its_subfolders() {
        List<String> names = NotebookCellsTest.notebookTests(FIXTURES).map(DynamicTest::getDisplayName).toList();

        assertThat(names).containsExactly(
                "broken-picture.ipynb",
                "compile-error-in-cell-2.ipynb",
                "good.ipynb",
                "missing-jar.ipynb",
                "mixed-magic-and-java.ipynb",
                "pictures.ipynb",
                "stage-01-jar.ipynb",
                "stored-error-output.ipynb",
                "throws.ipynb",
                "unsupported-magic.ipynb",
                "uses-test-class-path.ipynb");
    }

    @Test
    void the_notebook_test_passes_a_good_notebook_and_fails_a_bad_one() {
        assertThatCode(notebookTest("good.ipynb")::execute).doesNotThrowAnyException();
        assertThatThrownBy(notebookTest("throws.ipynb")::execute).isInstanceOf(NotebookFailure.class);
    }

    @Test
    void a_later_cell_sees_what_an_earlier_cell_declared() {
        NotebookRunner.Summary summary = runner.run(fixture("good.ipynb"));

        assertThat(summary.codeCells()).isEqualTo(2);
        // Cell 1 holds three snippets and cell 2 five: each is evaluated on its own.
        assertThat(summary.snippets()).isEqualTo(8);
    }

    @Test
    void pictures_are_counted_and_must_render() {
        assertThat(runner.run(fixture("pictures.ipynb")).pictures()).isEqualTo(3);
        assertThat(runner.run(fixture("good.ipynb")).pictures()).isZero();
        assertThatThrownBy(() -> runner.run(fixture("broken-picture.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("broken-picture.ipynb, cell 1 failed:")
                .hasMessageContaining("this text/html picture would not render");
    }

    @Test
    void a_compile_error_names_the_file_the_cell_and_the_diagnostic() {
        assertThatThrownBy(() -> runner.run(fixture("compile-error-in-cell-2.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("compile-error-in-cell-2.ipynb, cell 2 failed:")
                .hasMessageContaining("| int cversion = version;")
                .hasMessageContaining("compile error:")
                .hasMessageContaining("possible lossy conversion from long to int");
    }

    @Test
    void an_exception_names_the_cell_and_the_exception() {
        assertThatThrownBy(() -> runner.run(fixture("throws.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("throws.ipynb, cell 2 failed:")
                .hasMessageContaining("| delete(\"/missing\");")
                .hasMessageContaining("java.lang.IllegalStateException: NoNode for /missing")
                .hasMessageContaining("at .delete(#");
    }

    @Test
    void a_missing_jar_tells_to_build_the_jars_first() {
        assertThatThrownBy(() -> runner.run(fixture("missing-jar.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("missing-jar.ipynb, cell 1 failed:")
                .hasMessageContaining("no such jar: " + FIXTURES.getParent().resolve(
                        "no-such-stage/target/minizk-no-such-stage.jar").normalize())
                .hasMessageContaining("mvn -q package -DskipTests")
                .hasMessageContaining("`mvn test` alone does not");
    }

    @Test
    void a_magic_other_than_jar_is_refused() {
        assertThatThrownBy(() -> runner.run(fixture("unsupported-magic.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("unsupported-magic.ipynb, cell 1 failed:")
                .hasMessageContaining("unsupported magic `%maven com.google.guava:guava:33.4.0-jre`");
    }

    @Test
    void a_cell_that_mixes_a_magic_with_java_is_refused_as_the_kernel_does() {
        assertThatThrownBy(() -> runner.run(fixture("mixed-magic-and-java.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("mixed-magic-and-java.ipynb, cell 1 failed:")
                .hasMessageContaining("mixes magic lines with Java (`int afterTheJar = 1;`)");
    }

    @Test
    void a_committed_error_output_fails_the_notebook() {
        assertThatThrownBy(() -> runner.run(fixture("stored-error-output.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("stored-error-output.ipynb, cell 2 failed:")
                .hasMessageContaining("stored error output (java.lang.ArithmeticException: / by zero)");
    }

    @Test
    void a_notebook_does_not_see_the_test_class_path() {
        assertThatThrownBy(() -> runner.run(fixture("uses-test-class-path.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageContaining("package com.fasterxml.jackson.databind does not exist");
    }

    @Test
    void a_jar_line_puts_the_jar_on_the_compile_and_run_class_path(@TempDir Path folder) throws IOException {
        Files.copy(FIXTURES.resolve("needs-generated-jar/greeter.ipynb"), folder.resolve("greeter.ipynb"));
        writeGreeterJar(folder);

        NotebookRunner.Summary summary = runner.run(Notebook.read(folder.resolve("greeter.ipynb")));

        assertThat(summary.codeCells()).isEqualTo(3);
    }

    @Test
    void a_course_jar_is_found_relative_to_the_notebook_folder() {
        Path jar = FIXTURES.resolve("../../../../../01-znode-tree/target/minizk-znode-tree.jar").normalize();
        assumeTrue(Files.exists(jar), "no " + jar + ": " + NotebookRunner.BUILD_FIRST);

        assertThat(runner.run(fixture("stage-01-jar.ipynb")).codeCells()).isEqualTo(2);
    }

    @Test
    void an_endless_cell_is_stopped_at_the_timeout() {
        NotebookRunner impatient = new NotebookRunner(Duration.ofSeconds(2));
        long start = System.nanoTime();

        assertThatThrownBy(() -> impatient.run(fixture("endless/endless-loop.ipynb")))
                .isInstanceOf(NotebookFailure.class)
                .hasMessageStartingWith("endless-loop.ipynb, cell 2 failed:")
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    private static Notebook fixture(String name) {
        return Notebook.read(FIXTURES.resolve(name));
    }

    private static Executable notebookTest(String name) {
        return NotebookCellsTest.notebookTests(FIXTURES)
                .filter(test -> test.getDisplayName().equals(name))
                .findFirst().orElseThrow()
                .getExecutable();
    }

    /** Compiles demo.Greeter and jars it, as a stand-in for a course jar. */
    private static void writeGreeterJar(Path folder) throws IOException {
        Path sources = Files.createDirectories(folder.resolve("src/demo"));
        Files.writeString(sources.resolve("Greeter.java"), """
                package demo;
                public record Greeter(String name) {
                    public String greet() { return "hello, " + name; }
                }
                """);
        Path classes = folder.resolve("classes");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", classes.toString(), sources.resolve("Greeter.java").toString());
        assertThat(status).as("javac exit status").isZero();
        try (OutputStream file = Files.newOutputStream(folder.resolve("greeter.jar"));
                JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("demo/Greeter.class"));
            jar.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            jar.closeEntry();
        }
    }
}
