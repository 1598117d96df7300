package dev.minizk.shell;

import dev.minizk.net.ConnectString;
import dev.minizk.tree.KeeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code minizk cli}: the shell, interactive (commands from stdin) or for one command given on
 * the command line ({@code minizk cli -server 127.0.0.1:2181 ls /}), whose exit code it returns:
 * 0 done, 1 the server refused or could not be reached, 2 bad arguments.
 */
@Command(name = "cli", mixinStandardHelpOptions = true, modelTransformer = CliCommand.StopAtCommand.class,
        description = {"A zkCli-style shell on the course's own client over TCP.",
                "Without a command it reads commands from stdin (type help); with one it runs it and exits."})
public final class CliCommand implements Callable<Integer> {
    /** How long the refused-connection probe waits for one server before leaving it to the client. */
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;

    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    @Option(names = {"-server", "--server"}, paramLabel = "HOST:PORT[,...]", defaultValue = "localhost:2181",
            description = "Servers to connect to (default: ${DEFAULT-VALUE}).")
    String server;

    @Option(names = {"-timeout", "--timeout"}, paramLabel = "MS", defaultValue = "30000",
            description = "Session timeout to ask for, in ms (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "One command to run, e.g. ls /, then exit.")
    List<String> command;

    public CliCommand() {
        this(System.in);
    }

    CliCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Everything after the command name belongs to it: {@code create -e /a} must not be read as options of cli. */
    static final class StopAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    /**
     * Tries a plain TCP connect to each server first: when every one refuses, nothing is listening
     * and waiting out the session timeout would only delay the same answer. Null when any accepts
     * (or cannot be judged in time); otherwise each refusal, for the message.
     */
    static String allRefused(ConnectString servers) {
        List<String> refusals = new ArrayList<>();
        for (InetSocketAddress unresolved : servers.servers()) {
            InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
            if (address.isUnresolved()) {
                return null; // a name that does not resolve (yet): the client retries it
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, PROBE_TIMEOUT_MILLIS);
                return null;
            } catch (ConnectException e) {
                refusals.add(address.getHostString() + ":" + address.getPort());
            } catch (IOException e) {
                return null; // unreachable or slow: let the client try, it has the session timeout
            }
        }
        return String.join(", ", refusals);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeout <= 0) {
            err.println("error: bad argument: timeout '" + timeout + "' must be positive");
            return Shell.BAD_USAGE;
        }
        Shell shell;
        try {
            String refused = allRefused(ConnectString.parse(server));
            if (refused != null) {
                err.println("error: cannot connect to " + server + ": connection refused (" + refused + ")");
                return Shell.FAILED;
            }
            shell = Shell.connect(server, timeout, out, err);
        } catch (IllegalArgumentException e) {
            err.println("error: bad argument: " + e.getMessage());
            return Shell.BAD_USAGE;
        } catch (KeeperException e) {
            err.println("error: cannot connect to " + server + ": no session within " + timeout + " ms");
            return Shell.FAILED;
        }
        try (shell) {
            BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            if (command != null && !command.isEmpty()) {
                int done = shell.execute(command);
                return done == Shell.OK ? shell.holdRecipesUntilEnter(in) : done; // lock, elect, members: until Enter
            }
            return shell.run(in, System.console() != null);
        }
    }
}
