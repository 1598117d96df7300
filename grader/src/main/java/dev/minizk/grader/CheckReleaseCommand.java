package dev.minizk.grader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check-release", mixinStandardHelpOptions = true,
        description = "Generates the student edition (with hidden tests) in a temporary folder, checks that it compiles "
                + "and that no graded test passes there, and that the reference earns every point.")
final class CheckReleaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", description = "the course repository (default: the one around the working folder)")
    Path repo;

    @Option(names = "--keep", description = "keep the generated edition and print where it is")
    boolean keep;

    @Option(names = "--test-timeout", paramLabel = "SECONDS", description = "default timeout of each test (default: ${DEFAULT-VALUE})")
    int testTimeout = (int) GradeOptions.DEFAULT_TEST_TIMEOUT.toSeconds();

    @Option(names = "--maven-arg", paramLabel = "ARG", description = "extra argument for Maven, e.g. -o (repeatable)")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() {
        if (testTimeout <= 0) {
            throw new UserError("--test-timeout " + testTimeout + ": must be a number of seconds > 0");
        }
        CourseRepository course = CourseRepository.locate(repo);
        GradeOptions options = new GradeOptions(true, Duration.ofSeconds(testTimeout), GradeOptions.DEFAULT_RUN_TIMEOUT, false);
        ReleaseChecker.Result result = new ReleaseChecker(course, options, new MavenBuild(mavenArgs),
                spec.commandLine().getOut(), keep).check();
        return result.ok() ? 0 : 1;
    }
}
