package dev.minizk.grader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Builds a stage, runs its graded tests and prints the points per task.")
final class GradeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "STAGE", description = "the stage to grade, e.g. 01, or 'all'")
    String stage;

    @Option(names = "--json", paramLabel = "FILE", description = "also write Gradescope's results.json to FILE")
    Path json;

    @Option(names = "--hidden", description = "run the hidden tests too (src/hidden-test/java)")
    boolean hidden;

    @Option(names = "--repo", paramLabel = "DIR", description = "the course repository (default: the one around the working folder)")
    Path repo;

    @Option(names = "--submission", paramLabel = "DIR",
            description = "grade this submission: only its src/main/java is used, over a fresh copy of --repo")
    Path submission;

    @Option(names = "--reference-below",
            description = "with --submission: stages below STAGE keep the release's main sources")
    boolean referenceBelow;

    @Option(names = "--test-timeout", paramLabel = "SECONDS", description = "default timeout of each test (default: ${DEFAULT-VALUE})")
    int testTimeout = (int) GradeOptions.DEFAULT_TEST_TIMEOUT.toSeconds();

    @Option(names = "--run-timeout", paramLabel = "SECONDS", description = "hard limit for a stage's whole test run (default: ${DEFAULT-VALUE})")
    int runTimeout = (int) GradeOptions.DEFAULT_RUN_TIMEOUT.toSeconds();

    @Option(names = "--maven-arg", paramLabel = "ARG", description = "extra argument for Maven, e.g. -o (repeatable)")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return grade(out);
        } catch (UserError e) {
            if (json != null) {
                GradescopeReport.writeError(e.getMessage(), json);
            }
            throw e;
        }
    }

    private int grade(PrintWriter out) {
        if (testTimeout <= 0) {
            throw new UserError("--test-timeout " + testTimeout + ": must be a number of seconds > 0");
        }
        if (runTimeout <= 0) {
            throw new UserError("--run-timeout " + runTimeout + ": must be a number of seconds > 0");
        }
        if (referenceBelow && submission == null) {
            throw new UserError("--reference-below only applies together with --submission DIR");
        }
        CourseRepository course = CourseRepository.locate(repo);
        GradeOptions options = new GradeOptions(hidden, Duration.ofSeconds(testTimeout), Duration.ofSeconds(runTimeout), true);
        MavenBuild maven = new MavenBuild(mavenArgs);

        List<StageModule> stages;
        if (stage.equals("all")) {
            if (submission != null) {
                throw new UserError("--submission grades one stage at a time: name it (e.g. 01), not 'all'");
            }
            stages = course.gradedStages();
            if (stages.isEmpty()) {
                throw new UserError("no stage in " + course.root() + " has a grading.json yet");
            }
        } else {
            stages = List.of(course.stage(stage));
        }

        List<StageResult> results = new ArrayList<>();
        for (StageModule module : stages) {
            StageResult result = submission == null
                    ? new StageGrader(course, options, maven, out).grade(module, null)
                    : gradeSubmission(course, module, options, maven, out);
            out.println();
            out.print(ScoreTable.render(result, true, true));
            out.println();
            out.flush();
            results.add(result);
        }
        if (results.size() > 1) {
            double earned = results.stream().mapToDouble(StageResult::earned).sum();
            double max = results.stream().mapToDouble(StageResult::maxPoints).sum();
            out.println("All stages: " + Points.format(earned) + "/" + Points.format(max) + " points");
        }
        if (json != null) {
            GradescopeReport.write(results, json);
            out.println("Wrote " + json);
        }
        out.flush();
        return results.stream().allMatch(StageResult::fullMarks) ? 0 : 1;
    }

    private StageResult gradeSubmission(CourseRepository release, StageModule module, GradeOptions options,
                                        MavenBuild maven, PrintWriter out) {
        try (SubmissionWorkspace workspace = SubmissionWorkspace.prepare(release, submission, module, referenceBelow)) {
            StageModule copy = workspace.repo().stage(module.stage());
            StageGrader grader = new StageGrader(workspace.repo(), options, maven, out);
            if (workspace.problem() != null) {
                return StageResult.failedSetup(copy, grader.manifest(copy), hidden, "Submission",
                        List.of(workspace.problem()), workspace.sourcesNote(), Duration.ZERO)
                        .withIgnoredFiles(workspace.rejectedFiles());
            }
            return grader.grade(copy, workspace.sourcesNote(), workspace::removeStrayClasses)
                    .withIgnoredFiles(workspace.rejectedFiles());
        }
    }
}
