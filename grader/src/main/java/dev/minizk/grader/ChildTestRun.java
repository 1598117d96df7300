package dev.minizk.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a built stage's graded tests in a child JVM ({@link GradedTestRunner})
 * and collects what it reports. The child's working directory is the stage
 * module, as under Surefire.
 */
final class ChildTestRun {

    private static final int OUTPUT_TAIL = 30;
    private static final int MAX_LINE = 500;

    /**
     * @param planned  every graded test the child discovered, in discovery order
     * @param started  the ids of the tests that began to run
     * @param finished the end event of each test that finished, by test id
     * @param problem  why the run did not end normally (killed, crashed), or null
     */
    record Outcome(List<RunEvent> planned, Set<String> started, Map<String, RunEvent> finished, String problem,
                   List<String> outputTail) {}

    private ChildTestRun() {}

    static Outcome run(StageModule stage, Set<String> excludedClasses, GradeOptions options, PrintWriter out) {
        Path work = null;
        try {
            work = Files.createTempDirectory("minizk-run-");
            Path spec = work.resolve("spec.json");
            Path results = work.resolve("results.jsonl");
            ObjectMapper json = new ObjectMapper();
            json.writeValue(spec.toFile(), new ChildRunSpec(stage.testClasses().toString(), results.toString(),
                    List.copyOf(excludedClasses), options.testTimeout().toSeconds() + " s", sandboxedClassDirs(stage)));

            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+ExitOnOutOfMemoryError",
                    // The runner installs SubmissionSandbox before it loads any test or stage class.
                    "-Djava.security.manager=allow",
                    "-cp", String.join(File.pathSeparator, classpath(stage)),
                    GradedTestRunner.class.getName(), spec.toString());
            Process child = new ProcessBuilder(command).directory(stage.dir().toFile()).redirectErrorStream(true).start();
            child.getOutputStream().close();
            Deque<String> tail = new ArrayDeque<>();
            Thread pump = new Thread(() -> pump(child, tail, options.showProgress() ? out : null), "child-output");
            pump.setDaemon(true);
            pump.start();

            String problem = null;
            if (!child.waitFor(options.runTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
                problem = "the test run was stopped at its " + options.runTimeout().toSeconds()
                        + " s limit (--run-timeout)";
            }
            pump.join(5_000);

            List<RunEvent> planned = new ArrayList<>();
            Set<String> started = new HashSet<>();
            Map<String, RunEvent> finished = new LinkedHashMap<>();
            boolean done = false;
            if (Files.exists(results)) {
                for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
                    RunEvent event;
                    try {
                        event = json.readValue(line, RunEvent.class);
                    } catch (JsonProcessingException halfWritten) {
                        continue; // the last line of a killed run may be cut short
                    }
                    switch (event.event()) {
                        case RunEvent.PLANNED -> planned.add(event);
                        case RunEvent.STARTED -> started.add(event.id());
                        case RunEvent.FINISHED -> finished.put(event.id(), event);
                        case RunEvent.DONE -> done = true;
                        default -> { }
                    }
                }
            }
            if (problem == null && !done) {
                problem = "the test JVM exited (code " + child.exitValue() + ")";
            }
            synchronized (tail) {
                return new Outcome(planned, started, finished, problem, List.copyOf(tail));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while the tests were running");
        } finally {
            if (work != null) {
                ReleaseGenerator.deleteRecursively(work);
            }
        }
    }

    /**
     * The stage's own test classpath first, so tests run against exactly what
     * Maven resolved for them; the grader's entries (the JUnit launcher, Jackson
     * and the runner itself) last, only filling in what the stage lacks.
     */
    static List<String> classpath(StageModule stage) throws IOException {
        if (!Files.isRegularFile(stage.gradeClasspathFile())) {
            throw new UserError(stage.folder() + ": the build wrote no target/grade.classpath; was the stage built?");
        }
        List<String> entries = new ArrayList<>();
        entries.add(stage.testClasses().toString());
        entries.add(stage.mainClasses().toString());
        for (String entry : Files.readString(stage.gradeClasspathFile(), StandardCharsets.UTF_8).strip().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        entries.addAll(GraderClasspath.entries());
        return entries;
    }

    /**
     * Reads what the child prints: progress lines go to the console, everything else only
     * into a bounded tail (shown when the run crashes). Lines are cut at {@link #MAX_LINE}
     * characters, so a child printing megabytes without a line break costs no memory.
     */
    private static void pump(Process child, Deque<String> tail, PrintWriter out) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = readBoundedLine(reader)) != null; ) {
                if (line.startsWith(GradedTestRunner.PROGRESS)) {
                    if (out != null) {
                        out.println("  " + line.substring(GradedTestRunner.PROGRESS.length()));
                        out.flush();
                    }
                    continue;
                }
                if (isSandboxWarning(line)) {
                    continue;
                }
                synchronized (tail) {
                    tail.addLast(FailureSummary.clean(line));
                    if (tail.size() > OUTPUT_TAIL) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException streamClosedByKill) {
            // the child was killed; what it printed so far is in the tail
        }
    }

    /** Java 17 warns, on every run, that the runner installs a SecurityManager: noise for a student. */
    static boolean isSandboxWarning(String line) {
        return line.startsWith("WARNING: A terminally deprecated method in java.lang.System")
                || line.startsWith("WARNING: System::setSecurityManager")
                || line.startsWith("WARNING: Please consider reporting this to the maintainers of dev.minizk.grader");
    }

    /** The next line, at most {@link #MAX_LINE} characters of it (the rest is skipped), or null at the end. */
    static String readBoundedLine(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean cut = false;
        int c;
        while ((c = reader.read()) != -1 && c != '\n') {
            if (line.length() < MAX_LINE) {
                line.append((char) c);
            } else {
                cut = true;
            }
        }
        if (c == -1 && line.isEmpty()) {
            return null;
        }
        String text = line.toString().stripTrailing();
        return cut ? text + " …" : text;
    }

    /** Class folders built from the main sources of every stage of the repository: sandboxed in the child. */
    static List<String> sandboxedClassDirs(StageModule stage) {
        return new CourseRepository(stage.dir().getParent()).stages().stream()
                .map(s -> s.mainClasses().toString()).toList();
    }
}
