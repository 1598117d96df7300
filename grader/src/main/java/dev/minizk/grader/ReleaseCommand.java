package dev.minizk.grader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Writes the student edition: solution regions replaced by stubs, hidden tests and instructor files left out.")
final class ReleaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the edition (new, empty, or a previous edition)")
    Path out;

    @Option(names = "--solved", paramLabel = "STAGES", description = "stages to keep solved, e.g. 01,02")
    String solved;

    @Option(names = "--with-hidden", description = "include the hidden tests (for checks and Gradescope, never for students)")
    boolean withHidden;

    @Option(names = "--repo", paramLabel = "DIR", description = "the course repository (default: the one around the working folder)")
    Path repo;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        CourseRepository course = CourseRepository.locate(repo);
        Set<String> solvedStages = ReleaseGenerator.parseStageList("--solved", solved);
        ReleaseSummary summary = ReleaseGenerator.write(course, new ReleaseOptions(out, solvedStages, withHidden));
        console.println("Wrote the student edition to " + out.toAbsolutePath().normalize() + ": " + summary);
        console.println("Solved stages: " + (solvedStages.isEmpty() ? "none" : String.join(", ", solvedStages))
                + "; hidden tests " + (withHidden ? "INCLUDED (do not give this to students)" : "left out"));
        java.util.List<String> problems = EditionAudit.audit(course, out.toAbsolutePath().normalize(), solvedStages, withHidden);
        if (!problems.isEmpty()) {
            console.println("The edition is NOT safe to hand out (" + problems.size() + " problem(s)):");
            problems.forEach(p -> console.println("  - " + p));
            return 1;
        }
        return 0;
    }
}
