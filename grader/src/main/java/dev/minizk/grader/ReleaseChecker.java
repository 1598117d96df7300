package dev.minizk.grader;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Proves both sides of the one-source-of-truth rule: the generated student
 * edition compiles and none of its graded tests passes (a test that passes on a
 * skeleton grades nothing), and the reference earns every point with manifest
 * counts that match.
 */
public final class ReleaseChecker {

    /**
     * @param checkedStages the stages that have a grading.json and were checked
     * @param problems      everything that is wrong; empty means the release is sound
     */
    public record Result(List<String> checkedStages, List<String> skippedStages, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final CourseRepository repo;
    private final GradeOptions options;
    private final MavenBuild maven;
    private final PrintWriter out;
    private final boolean keep;

    public ReleaseChecker(CourseRepository repo, GradeOptions options, MavenBuild maven, PrintWriter out, boolean keep) {
        this.repo = repo;
        this.options = options.withHidden(true).withProgress(false);
        this.maven = maven;
        this.out = out;
        this.keep = keep;
    }

    public Result check() {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<StageModule> stages = repo.gradedStages();
        List<String> skipped = repo.stages().stream().filter(s -> !s.hasManifest()).map(StageModule::folder).toList();
        List<String> checked = stages.stream().map(StageModule::stage).toList();
        out.println("check-release of " + repo.root());
        out.println("  stages with grading.json: " + (checked.isEmpty() ? "none" : String.join(", ", checked))
                + (skipped.isEmpty() ? "" : "; skipped (no grading.json): " + String.join(", ", skipped)));

        long t = System.nanoTime();
        List<MarkerError> markerErrors = ReleaseGenerator.checkMarkers(repo);
        markerErrors.forEach(e -> problems.add("marker: " + e));
        step("markers", markerErrors.isEmpty() ? "ok (" + ReleaseGenerator.markerFileCount(repo) + " Java files)"
                : markerErrors.size() + " error(s)", t);
        if (!markerErrors.isEmpty() || stages.isEmpty()) {
            return finish(checked, skipped, problems, start);
        }

        Path temp = null;
        try {
            temp = Files.createTempDirectory("minizk-check-release-");
            checkStudentEdition(temp, problems);
            for (int i = 0; i < stages.size(); i++) {
                checkSkeleton(stages.get(i), i == 0, temp, problems);
            }
        } catch (java.io.IOException e) {
            problems.add("cannot make a temporary folder: " + e.getMessage());
        } finally {
            if (temp != null && !keep) {
                ReleaseGenerator.deleteRecursively(temp);
            } else if (temp != null) {
                out.println("  kept the editions in " + temp);
            }
        }
        checkReference(stages, problems);
        return finish(checked, skipped, problems, start);
    }

    /** The edition students get (nothing solved, no hidden tests) holds nothing it should not. */
    private void checkStudentEdition(Path temp, List<String> problems) {
        long t = System.nanoTime();
        Path edition = temp.resolve("student-edition");
        ReleaseSummary summary = ReleaseGenerator.write(repo, new ReleaseOptions(edition, Set.of(), false));
        List<String> found = EditionAudit.audit(repo, edition, Set.of(), false);
        found.forEach(p -> problems.add("student edition: " + p));
        step("student edition", found.isEmpty() ? "clean (" + summary.filesWritten() + " files: no solution, hidden test,"
                + " instructor file or stray file)" : found.size() + " problem(s)", t);
    }

    /**
     * Grades one stage on an edition where every stage below it is kept solved, as a class
     * would start that stage. Its graded tests must then fail because of the stage's own
     * gaps, not because an earlier stage is still a skeleton. The first stage's edition
     * (nothing solved) is also the one compiled whole: students get every module.
     */
    private void checkSkeleton(StageModule stage, boolean wholeEdition, Path temp, List<String> problems) {
        Set<String> solvedBelow = repo.stages().stream().map(StageModule::stage)
                .filter(other -> other.compareTo(stage.stage()) < 0).collect(Collectors.toCollection(TreeSet::new));
        long t = System.nanoTime();
        CourseRepository edition = new CourseRepository(temp.resolve("edition-" + stage.stage()));
        ReleaseSummary summary = ReleaseGenerator.write(repo, new ReleaseOptions(edition.root(), solvedBelow, true));
        EditionAudit.audit(repo, edition.root(), solvedBelow, true)
                .forEach(p -> problems.add("edition for stage " + stage.stage() + ": " + p));
        step("edition " + stage.stage(), "written, solved below: " + (solvedBelow.isEmpty() ? "none" : String.join(",", solvedBelow))
                + " (" + summary.regionsReplaced() + " regions replaced)", t);
        t = System.nanoTime();
        StageModule inEdition = edition.gradedStages().stream()
                .filter(s -> s.stage().equals(stage.stage())).findFirst().orElseThrow();
        MavenBuild.Result build = maven.buildForGrading(edition, wholeEdition ? List.of() : List.of(inEdition));
        step("compiles " + stage.stage(), build.ok() ? "ok" : "FAILED", t);
        if (!build.ok()) {
            problems.add("the student edition for stage " + stage.stage() + " does not compile:\n    "
                    + String.join("\n    ", build.errors()));
            return;
        }
        StageGrader grader = new StageGrader(edition, options, maven, out);
        t = System.nanoTime();
        try {
            StageResult result = grader.gradeBuilt(inEdition, null);
            if (result.failedSetup()) {
                problems.add("skeleton of stage " + stage.stage() + ": " + result.setupFailure() + " failed: "
                        + String.join("; ", result.setupErrors()));
                step("skeleton " + stage.stage(), result.setupFailure() + " failed", t);
                return;
            }
            List<String> passing = result.tasks().stream().flatMap(task -> task.tests().stream())
                    .filter(GradedTestResult::passed).map(r -> r.task() + " " + r.name()).toList();
            step("skeleton " + stage.stage(), passing.size() + " of " + result.testCount()
                    + " graded tests pass" + (passing.isEmpty() ? " (good: every one fails)" : ""), t);
            if (!passing.isEmpty()) {
                problems.add("stage " + stage.stage() + ": " + passing.size()
                        + " graded test(s) pass on the skeleton, so they grade nothing:\n    "
                        + String.join("\n    ", passing));
            }
        } catch (UserError e) {
            step("skeleton " + stage.stage(), "ERROR", t);
            problems.add("skeleton of stage " + stage.stage() + ": " + e.getMessage());
        }
    }

    private void checkReference(List<StageModule> stages, List<String> problems) {
        long t = System.nanoTime();
        MavenBuild.Result build = maven.buildForGrading(repo, stages);
        step("reference compiles", build.ok() ? "ok" : "FAILED", t);
        if (!build.ok()) {
            problems.add("the reference does not compile:\n    " + String.join("\n    ", build.errors()));
            return;
        }
        StageGrader grader = new StageGrader(repo, options, maven, out);
        for (StageModule stage : stages) {
            t = System.nanoTime();
            try {
                StageResult result = grader.gradeBuilt(stage, null);
                step("reference " + stage.stage(), Points.format(result.earned()) + "/" + Points.format(result.maxPoints())
                        + " points, " + result.passed() + "/" + result.testCount() + " tests", t);
                if (!result.fullMarks()) {
                    problems.add("the reference of stage " + stage.stage() + " does not earn full points:\n"
                            + ScoreTable.render(result, true, true).lines().map(l -> "    " + l)
                            .collect(Collectors.joining("\n")));
                }
            } catch (UserError e) {
                step("reference " + stage.stage(), "ERROR", t);
                problems.add("reference of stage " + stage.stage() + ": " + e.getMessage());
            }
        }
    }

    private Result finish(List<String> checked, List<String> skipped, List<String> problems, long start) {
        if (problems.isEmpty()) {
            out.println("check-release: OK" + (checked.isEmpty() ? " (but no stage has a grading.json, so nothing was graded)" : "")
                    + " in " + seconds(Duration.ofNanos(System.nanoTime() - start)));
        } else {
            out.println("check-release: FAILED (" + problems.size() + " problem(s)) in "
                    + seconds(Duration.ofNanos(System.nanoTime() - start)));
            problems.forEach(p -> out.println("  - " + p));
        }
        out.flush();
        return new Result(checked, skipped, List.copyOf(problems));
    }

    private void step(String what, String outcome, long startNanos) {
        out.printf("  %-20s %-60s %s%n", what, outcome, seconds(Duration.ofNanos(System.nanoTime() - startNanos)));
        out.flush();
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
