package dev.minizk.grader;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./grade} command line. {@code ./grade 01} is short for
 * {@code ./grade grade 01}, the command students run.
 *
 * Exit codes: 0 every point earned (or the check passed), 1 points missing
 * (or the check failed), 2 bad input or configuration.
 */
@Command(name = "./grade", mixinStandardHelpOptions = true, version = "minizk grader 1.0",
        description = "Grades minizk stages and writes the student edition.%n"
                + "Students run: ./grade 01",
        subcommands = {GradeCommand.class, ReleaseCommand.class, CheckMarkersCommand.class, CheckReleaseCommand.class})
public final class GraderMain implements Runnable {

    private static final Set<String> COMMANDS = Set.of("grade", "release", "check-markers", "check-release",
            "-h", "--help", "-V", "--version", "help");

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the CLI with the given streams; the tests call this directly. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        if (!arguments.isEmpty() && !COMMANDS.contains(arguments.get(0))) {
            arguments.add(0, "grade");
        }
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(new GraderMain());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((e, ignored) -> {
            errWriter.println("error: " + e.getMessage() + " (see ./grade" + commandName(e.getCommandLine()) + " --help)");
            return UserError.CONFIG;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof UserError user) {
                errWriter.println("error: " + user.getMessage());
                return user.exitCode();
            }
            errWriter.println("grader: internal error: " + e + (System.getenv("MINIZK_DEBUG") == null
                    ? " (set MINIZK_DEBUG=1 to see the stack trace)" : ""));
            if (System.getenv("MINIZK_DEBUG") != null) {
                e.printStackTrace(errWriter);
            }
            return 3;
        });
        return cli.execute(arguments.toArray(String[]::new));
    }

    private static String commandName(CommandLine commandLine) {
        return commandLine.getParent() == null ? "" : " " + commandLine.getCommandName();
    }

    @Override
    public void run() {
        // "./grade" alone: say how to use it.
        throw new CommandLine.ParameterException(new CommandLine(this), "name a stage to grade, e.g. ./grade 01");
    }
}
