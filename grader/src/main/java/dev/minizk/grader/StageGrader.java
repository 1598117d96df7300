package dev.minizk.grader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Grades stages of one repository: build, run the graded tests in a child JVM, check the manifest, score. */
public final class StageGrader {

    private static final Pattern TODO_MARK = Pattern.compile("TODO (\\d\\d\\.\\d+)\\b");

    private final CourseRepository repo;
    private final GradeOptions options;
    private final MavenBuild maven;
    private final PrintWriter out;

    public StageGrader(CourseRepository repo, GradeOptions options, MavenBuild maven, PrintWriter out) {
        this.repo = repo;
        this.options = options;
        this.maven = maven;
        this.out = out;
    }

    public Manifest manifest(StageModule stage) {
        if (!stage.hasManifest()) {
            throw new UserError(stage.folder() + " has no grading.json, so it cannot be graded (yet)");
        }
        return Manifest.read(stage.manifestFile(), stage.stage(), repo.relative(stage.manifestFile()));
    }

    /** Builds the stage and the stages it depends on, then grades it. */
    public StageResult grade(StageModule stage, String sourcesNote) {
        return grade(stage, sourcesNote, () -> List.of());
    }

    /**
     * As {@link #grade(StageModule, String)}, with a check between the build and the test
     * run (a submission's stray classes are removed there); its lines are reported.
     */
    public StageResult grade(StageModule stage, String sourcesNote, java.util.function.Supplier<List<String>> afterBuild) {
        Manifest manifest = manifest(stage);
        if (options.showProgress()) {
            out.println("Building " + stage.folder() + " …");
            out.flush();
        }
        MavenBuild.Result build = maven.buildForGrading(repo, List.of(stage));
        if (!build.ok()) {
            return StageResult.failedSetup(stage, manifest, options.hidden(), "Compilation", build.errors(),
                    sourcesNote, build.took());
        }
        List<String> removed = afterBuild.get();
        return gradeBuilt(stage, sourcesNote).withTime(build.took()).withIgnoredFiles(removed);
    }

    /** Grades a stage that {@link MavenBuild#buildForGrading} has built. */
    public StageResult gradeBuilt(StageModule stage, String sourcesNote) {
        long start = System.nanoTime();
        Manifest manifest = manifest(stage);
        Set<String> hiddenClasses = hiddenTestClasses(stage);
        ChildTestRun.Outcome run = ChildTestRun.run(stage, options.hidden() ? Set.of() : hiddenClasses, options, out);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (run.planned().isEmpty() && run.problem() != null) {
            List<String> lines = new ArrayList<>();
            lines.add(run.problem());
            lines.addAll(run.outputTail());
            return StageResult.failedSetup(stage, manifest, options.hidden(), "Test run", lines, sourcesNote, took);
        }

        List<GradedTestResult> results = new ArrayList<>();
        Map<String, String> stubsInPlace = stubsInPlace(stage);
        // Sorted by class and method so that tables and messages do not depend on execution order.
        List<RunEvent> planned = run.planned().stream()
                .sorted(java.util.Comparator.comparing(RunEvent::className).thenComparing(RunEvent::methodName)
                        .thenComparing(RunEvent::id))
                .toList();
        for (RunEvent test : planned) {
            RunEvent end = run.finished().get(test.id());
            boolean hidden = hiddenClasses.contains(GradedTestFilter.topLevel(test.className()));
            String task = test.tags().size() == 1 ? test.tags().get(0) : null;
            if (end == null) {
                String why = run.started().contains(test.id())
                        ? "did not finish: it was still running when " + run.problem()
                        : "did not run: " + run.problem() + " before it started";
                results.add(new GradedTestResult(task, test.className(), test.methodName(), test.displayName(), hidden,
                        TestStatus.DID_NOT_FINISH, why, null));
            } else {
                TestStatus status = TestStatus.valueOf(end.status());
                results.add(new GradedTestResult(task, test.className(), test.methodName(), test.displayName(), hidden,
                        status, status == TestStatus.PASSED ? null : explain(task, end.failure(), stubsInPlace),
                        end.details()));
            }
        }
        checkTags(stage, manifest, run.planned());
        checkCounts(stage, manifest, results);

        List<TaskResult> tasks = new ArrayList<>();
        for (ManifestTask task : manifest.tasks()) {
            List<GradedTestResult> mine = results.stream().filter(r -> task.id().equals(r.task())).toList();
            tasks.add(new TaskResult(task, false, StageResult.publicShare(task),
                    mine.stream().filter(r -> !r.hidden()).toList()));
            if (options.hidden() && task.hiddenTests() > 0) {
                tasks.add(new TaskResult(task, true, StageResult.hiddenShare(task),
                        mine.stream().filter(GradedTestResult::hidden).toList()));
            }
        }
        return new StageResult(stage, manifest, options.hidden(), List.copyOf(tasks), null, List.of(), sourcesNote, took,
                List.of());
    }

    /**
     * Says why a test failed in the student's terms: a stub of another task that was hit
     * means the test is blocked by that task; a failure of a task whose stub still stands
     * in the sources (a placeholder such as {@code cversion = 0; // TODO 01.4}) names it.
     */
    static String explain(String task, String failure, Map<String, String> stubsInPlace) {
        if (failure == null || task == null) {
            return failure;
        }
        String hit = FailureSummary.notImplementedTask(failure);
        if (hit != null) {
            return hit.equals(task) ? failure : "blocked by " + hit + " (not implemented yet)";
        }
        String stub = stubsInPlace.get(task);
        return stub == null ? failure : "stub for " + task + " still in place (" + stub + "): " + failure;
    }

    /** For each task, the first place in the stage's main sources that still says {@code TODO NN.K}. */
    static Map<String, String> stubsInPlace(StageModule stage) {
        Map<String, String> found = new TreeMap<>();
        Path root = stage.mainSources();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = TODO_MARK.matcher(lines.get(i));
                    while (m.find()) {
                        found.putIfAbsent(m.group(1), file.getFileName() + ":" + (i + 1));
                    }
                }
            }
        } catch (IOException | UncheckedIOException unreadable) {
            // not fatal: the failure lines are still right without the hint
        }
        return found;
    }

    /** Every graded test belongs to exactly one task of this stage that the manifest lists. */
    private void checkTags(StageModule stage, Manifest manifest, List<RunEvent> planned) {
        List<String> problems = new ArrayList<>();
        String manifestPath = repo.relative(stage.manifestFile());
        for (RunEvent test : planned) {
            String name = test.className() + "." + test.methodName();
            if (test.tags().size() > 1) {
                problems.add(name + " is tagged with several tasks (" + String.join(", ", test.tags())
                        + "); a graded test belongs to exactly one task");
            } else {
                String tag = test.tags().get(0);
                if (!tag.startsWith(stage.stage() + ".")) {
                    problems.add(name + " is tagged " + tag + " but it is a test of stage " + stage.stage());
                } else if (manifest.task(tag).isEmpty()) {
                    problems.add(name + " is tagged " + tag + ", a task that " + manifestPath + " does not list");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UserError(String.join("\n", problems));
        }
    }

    /** The manifest's counts must match what was found, so that no test silently drops out. */
    private void checkCounts(StageModule stage, Manifest manifest, List<GradedTestResult> results) {
        List<String> problems = new ArrayList<>();
        String manifestPath = repo.relative(stage.manifestFile());
        for (ManifestTask task : manifest.tasks()) {
            List<GradedTestResult> mine = results.stream().filter(r -> task.id().equals(r.task())).toList();
            compare(problems, manifestPath, task, "public", task.tests(), mine.stream().filter(r -> !r.hidden()).toList());
            if (options.hidden()) {
                List<GradedTestResult> hidden = mine.stream().filter(GradedTestResult::hidden).toList();
                compare(problems, manifestPath, task, "hidden", task.hiddenTests(), hidden);
                if (hidden.size() < task.hiddenTests() && !Files.isDirectory(stage.hiddenTestSources())) {
                    problems.add("  (" + repo.relative(stage.hiddenTestSources())
                            + " does not exist here: a student edition has no hidden tests)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UserError(String.join("\n", problems));
        }
    }

    private static void compare(List<String> problems, String manifestPath, ManifestTask task, String kind, int expected,
                                List<GradedTestResult> found) {
        if (found.size() != expected) {
            String names = found.stream().map(r -> r.className().substring(r.className().lastIndexOf('.') + 1)
                    + "." + r.methodName()).collect(Collectors.joining(", "));
            problems.add("task " + task.id() + ": " + manifestPath + " expects " + expected + " " + kind
                    + " graded tests, found " + found.size() + (names.isEmpty() ? "" : " (" + names + ")"));
        }
    }

    /** Top-level classes whose source is under src/hidden-test/java. */
    static Set<String> hiddenTestClasses(StageModule stage) {
        Path root = stage.hiddenTestSources();
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            Set<String> classes = new TreeSet<>();
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                String relative = root.relativize(p).toString().replace('\\', '/');
                classes.add(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'));
            });
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
