package dev.minizk.notebooks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Executes a notebook's code cells in order through the JDK's JShell, the way
 * the rapaio Java kernel does, and fails on the first compile error, rejected
 * snippet or exception. {@code %jar PATH} lines are the only magic: PATH is
 * relative to the notebook's folder, which is where Jupyter starts the kernel,
 * and, as in that kernel, a cell holds either magic lines or Java, not both.
 */
public final class NotebookRunner {

    static final String BUILD_FIRST = "build the course jars first: run `mvn -q package -DskipTests` in the "
            + "repository root (`mvn verify` packages them before this test runs; `mvn test` alone does not)";

    private final Duration timeout;

    public NotebookRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /** What a clean run did, for the test log. */
    public record Summary(int codeCells, int snippets, int pictures, Duration elapsed) {}

    /**
     * The kernel's {@code display(mime, value)} (rapaio's {@code Global.display}, which renders
     * HTML, SVG or Markdown inline), defined in every session so that a notebook's pictures run
     * here too. It checks that the picture would render: HTML and SVG must be well-formed markup
     * (a broken tag shows as text in Jupyter), and it counts them for {@link Summary#pictures()}.
     */
    static final List<String> DISPLAY = List.of("int notebookPictures = 0;", """
            String display(String mime, Object value) {
                String text = String.valueOf(value);
                switch (mime) {
                    case "text/html", "image/svg+xml" -> {
                        try {
                            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                                    .parse(new org.xml.sax.InputSource(new java.io.StringReader("<picture>" + text + "</picture>")));
                        } catch (Exception e) {
                            throw new IllegalStateException("this " + mime + " picture would not render: " + e.getMessage());
                        }
                    }
                    case "text/markdown" -> {
                        if (text.isBlank()) throw new IllegalStateException("an empty markdown picture");
                    }
                    default -> throw new IllegalArgumentException("the harness checks text/html, image/svg+xml and text/markdown pictures, not " + mime);
                }
                notebookPictures++;
                return "picture-" + notebookPictures;
            }
            """);

    /** A code cell split into Java and magic parts, with its {@code %jar} paths resolved. */
    private record PlannedCell(CodeCell cell, List<CellPart> parts) {}

    public Summary run(Notebook notebook) {
        long start = System.nanoTime();
        rejectStoredErrors(notebook);
        List<PlannedCell> plan = plan(notebook);
        Session session = new Session(notebook, plan);
        FutureTask<int[]> task = new FutureTask<>(session::runAll);
        Thread thread = new Thread(task, "notebook " + notebook.name());
        thread.setDaemon(true); // a snippet that ignores stop() must not keep the JVM alive
        thread.start();
        try {
            int[] counts = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Summary(plan.size(), counts[0], counts[1], Duration.ofNanos(System.nanoTime() - start));
        } catch (TimeoutException e) {
            session.stop();
            throw NotebookFailure.inCell(notebook, session.currentCell(),
                    "timed out: the notebook did not finish within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotebookFailure failure) {
                throw failure;
            }
            throw new IllegalStateException("the harness itself failed on " + notebook.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.stop();
            throw new IllegalStateException("interrupted while running " + notebook.name(), e);
        }
    }

    private static void rejectStoredErrors(Notebook notebook) {
        for (CodeCell cell : notebook.codeCells()) {
            if (!cell.storedErrors().isEmpty()) {
                throw NotebookFailure.inCell(notebook, cell, "the file has a stored error output ("
                        + cell.storedErrors().get(0) + "); clear the outputs before committing");
            }
        }
    }

    /** Checks every magic before anything runs, so a missing jar fails fast with the build hint. */
    private static List<PlannedCell> plan(Notebook notebook) {
        List<PlannedCell> plan = new ArrayList<>();
        for (CodeCell cell : notebook.codeCells()) {
            List<CellPart> parts = CellPart.split(cell.source());
            for (CellPart part : parts) {
                if (part instanceof CellPart.UnsupportedMagic magic) {
                    throw NotebookFailure.inCell(notebook, cell, "unsupported magic `" + magic.line()
                            + "`: notebooks may use only `%jar PATH` lines, so that they run the same in "
                            + "Jupyter and in this harness");
                }
                if (part instanceof CellPart.MixedWithJava mixed) {
                    throw NotebookFailure.inCell(notebook, cell, "the cell mixes magic lines with Java (`"
                            + mixed.javaLine() + "`), which the Jupyter kernel refuses: put the %jar lines "
                            + "in a cell of their own");
                }
                if (part instanceof CellPart.JarMagic jar) {
                    Path path = notebook.folder().resolve(jar.path()).normalize();
                    if (!Files.exists(path)) {
                        throw NotebookFailure.inCell(notebook, cell, "`" + jar.line() + "`: no such jar: "
                                + path + "\n" + BUILD_FIRST);
                    }
                }
            }
            plan.add(new PlannedCell(cell, parts));
        }
        return plan;
    }

    /** Jars a {@code %jar} line adds: the jar itself, or, as in the kernel, every jar of a folder. */
    private static List<Path> jarsAt(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One notebook's JShell, used from the runner's thread; {@link #stop()} may come from another. */
    private static final class Session {
        private final Notebook notebook;
        private final List<PlannedCell> plan;
        private volatile JShell shell;
        private volatile CodeCell currentCell;
        private volatile boolean stopped;

        Session(Notebook notebook, List<PlannedCell> plan) {
            this.notebook = notebook;
            this.plan = plan;
            this.currentCell = plan.isEmpty() ? new CodeCell(0, "", List.of()) : plan.get(0).cell();
        }

        CodeCell currentCell() {
            return currentCell;
        }

        /** Runs every cell; returns the snippets run and the pictures displayed. */
        int[] runAll() {
            try (JShell created = newShell()) {
                shell = created;
                for (String snippet : DISPLAY) { // one snippet per eval, as JShell requires
                    SnippetProblems.of(created, snippet, created.eval(snippet)).ifPresent(problem -> {
                        throw new IllegalStateException("the harness's display() does not compile: " + problem);
                    });
                }
                int snippets = 0;
                for (PlannedCell planned : plan) {
                    currentCell = planned.cell();
                    for (CellPart part : planned.parts()) {
                        if (stopped) {
                            return new int[] {snippets, 0};
                        }
                        if (part instanceof CellPart.JarMagic jar) {
                            jarsAt(notebook.folder().resolve(jar.path()).normalize())
                                    .forEach(path -> created.addToClasspath(path.toString()));
                        } else if (part instanceof CellPart.JavaCode code) {
                            snippets += evaluate(created, planned.cell(), code.source());
                        }
                    }
                }
                return new int[] {snippets, pictures(created)};
            }
        }

        private static int pictures(JShell jshell) {
            List<jdk.jshell.SnippetEvent> events = jshell.eval("notebookPictures");
            String value = events.isEmpty() ? null : events.get(events.size() - 1).value();
            return value == null ? 0 : Integer.parseInt(value);
        }

        /**
         * JShell compiles against java.class.path, the test JVM's own class path,
         * unless told otherwise, and a later {@code --class-path} option overrides
         * {@link JShell#addToClasspath}. So the compiler gets exactly the jars this
         * notebook names with {@code %jar} (all of them, up front), while the class
         * loader gets each jar only when its {@code %jar} line runs, as in the kernel.
         */
        private JShell newShell() {
            List<String> jars = new ArrayList<>();
            for (PlannedCell planned : plan) {
                for (CellPart part : planned.parts()) {
                    if (part instanceof CellPart.JarMagic jar) {
                        jarsAt(notebook.folder().resolve(jar.path()).normalize())
                                .forEach(path -> jars.add(path.toString()));
                    }
                }
            }
            return JShell.builder()
                    .executionEngine(new IsolatedLocalExecution(), Map.of())
                    .compilerOptions("--class-path", String.join(File.pathSeparator, jars))
                    .build();
        }

        /** Splits the source into snippets as JShell's own tool does, and evaluates them in order. */
        private int evaluate(JShell jshell, CodeCell cell, String source) {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            String remaining = source;
            int snippets = 0;
            while (!remaining.isBlank() && !stopped) {
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                    break; // only comments are left
                }
                // An unfinished statement at the end of the cell: evaluate it anyway so
                // that JShell's own diagnostic ("reached end of file...") is reported.
                boolean complete = info.completeness().isComplete() && info.source() != null;
                String snippet = complete ? info.source() : remaining;
                snippets++;
                SnippetProblems.of(jshell, snippet, jshell.eval(snippet)).ifPresent(problem -> {
                    throw NotebookFailure.inCell(notebook, cell, problem);
                });
                if (!complete || info.remaining().length() >= remaining.length()) {
                    break;
                }
                remaining = info.remaining();
            }
            return snippets;
        }

        /** Stops a running snippet (an endless loop, say); the session then ends. */
        void stop() {
            stopped = true;
            JShell running = shell;
            if (running != null) {
                running.stop();
            }
        }
    }
}
