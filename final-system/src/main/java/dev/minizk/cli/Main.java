package dev.minizk.cli;

import dev.minizk.shell.CliCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code minizk}: the command line of the final system. Subcommands: {@code server} (a
 * standalone server that stock ZooKeeper clients talk to), {@code cli} (a zkCli-style shell), {@code debug} (the visual
 * debugger of simulated runs). Errors are one line naming the bad
 * argument or config key, exit code 2 for bad usage or config, 1 when the server cannot run.
 */
@Command(name = "minizk", mixinStandardHelpOptions = true, version = "minizk 1.0-SNAPSHOT (ZooKeeper 3.9.5 client protocol)",
        description = "A ZooKeeper-style coordination service, built stage by stage.",
        subcommands = {ServerCommand.class, EnsembleCommand.class, FaultCommand.class, CliCommand.class, DebugCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing a command (try: minizk server --port 0)");
    }

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != EXIT_OK) {
            System.exit(code);
        }
        // On success the JVM ends by itself once the server's threads have stopped.
    }

    /** Runs the command line with these streams; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("error: " + e.getMessage());
            CommandLine failed = e.getCommandLine();
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, failed, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("error: " + e.getMessage());
                return EXIT_USAGE;
            }
            err.println("error: " + e);
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }
}
