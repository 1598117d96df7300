package dev.minizk.grader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check-markers", mixinStandardHelpOptions = true,
        description = "Checks the solution markers of every Java file; prints path:line: message for each error.")
final class CheckMarkersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", description = "the course repository (default: the one around the working folder)")
    Path repo;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CourseRepository course = CourseRepository.locate(repo);
        List<MarkerError> errors = ReleaseGenerator.checkMarkers(course);
        if (errors.isEmpty()) {
            out.println("markers ok: " + ReleaseGenerator.markerFileCount(course) + " Java files checked");
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        errors.forEach(err::println);
        err.println(errors.size() + " marker error(s)");
        return 1;
    }
}
