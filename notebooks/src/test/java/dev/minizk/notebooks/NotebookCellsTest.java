package dev.minizk.notebooks;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code notebooks/*.ipynb}, one dynamic test per notebook, so a
 * demo notebook can never silently rot. The stage jars its {@code %jar} lines
 * name must exist: {@code mvn verify} packages them before this test runs.
 */
class NotebookCellsTest {

    /** Per notebook; override with -Dnotebooks.timeout.seconds=N. */
    static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("notebooks.timeout.seconds", 120));

    @TestFactory
    Stream<DynamicTest> every_notebook_runs_cell_by_cell() {
        return notebookTests(notebooksFolder(), 1);
    }

    static Stream<DynamicTest> notebookTests(Path folder) {
        return notebookTests(folder, 0);
    }

    /**
     * One test per notebook of {@code folder}; the self-tests point it at the fixtures. A demo
     * notebook must show at least {@code minPictures} pictures (display calls that render).
     */
    static Stream<DynamicTest> notebookTests(Path folder, int minPictures) {
        NotebookRunner runner = new NotebookRunner(TIMEOUT);
        // No test source URI on purpose: Surefire 3.5 silently drops the results
        // (failures included) of dynamic tests whose source is a file URI.
        return NotebookFiles.in(folder).stream().map(file -> dynamicTest(
                file.getFileName().toString(), () -> {
                    NotebookRunner.Summary summary = runner.run(Notebook.read(file));
                    System.out.printf("%s: %d code cells, %d snippets, %d pictures in %d ms%n", file.getFileName(),
                            summary.codeCells(), summary.snippets(), summary.pictures(), summary.elapsed().toMillis());
                    if (summary.pictures() < minPictures) {
                        throw new AssertionError(file.getFileName() + " shows no picture: call display(\"text/html\", ...) "
                                + "with a diagram or table drawn from the course's objects (see notebooks/README.md)");
                    }
                }));
    }

    /** The module folder, set by the pom; the working directory when run from an IDE. */
    static Path notebooksFolder() {
        return Path.of(System.getProperty("notebooks.dir", "")).toAbsolutePath();
    }
}
