package dev.minizk.cli;

import dev.minizk.debug.DebugServer;
import dev.minizk.sim.search.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code minizk debug}: the visual debugger, a page on this machine where a person steps a
 * simulated election or Zab run event by event, injects faults, goes back and branches, and
 * exports the path as a trace the search tests replay. Prints the page's address and serves
 * until Ctrl-C.
 */
@Command(name = "debug", mixinStandardHelpOptions = true,
        description = {"Opens the visual debugger: step a simulated run event by event in the browser.",
                "  minizk debug                          an election of 3 voters",
                "  minizk debug --scenario zab-3-2w      Zab: 3 servers, 2 writes and a sync",
                "  minizk debug --trace FILE             a trace a search test saved (or the debugger exported)"})
final class DebugCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "fle-3",
            description = "fle-<servers>[-stale-vote][-seed-<seed>] or zab-<servers>-<writes>w[-early-commit][-seed-<seed>] (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--trace", paramLabel = "FILE", description = "Opens this trace (its scenario line names the world).")
    Path trace;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port of the page; 0, the default, picks a free one.")
    int port;

    @Override
    public Integer call() throws ConfigException {
        if (port < 0 || port > 65_535) {
            throw new ConfigException("--port must be a port number 0..65535, got " + port);
        }
        Trace opened = trace == null ? null : readTrace(trace);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DebugServer server;
        try {
            server = DebugServer.start(scenario, opened, new InetSocketAddress("127.0.0.1", port));
        } catch (IllegalArgumentException e) {
            throw new ConfigException((opened != null ? "--trace " + trace : "--scenario") + ": " + e.getMessage());
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage()); // the world could not be built: a stage's gap, or a bug
            return Main.EXIT_FAILED;
        } catch (IOException e) {
            err.println("error: cannot serve the debugger on 127.0.0.1:" + port + ": " + e.getMessage() + " (--port 0 picks a free port)");
            return Main.EXIT_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "minizk-debug-shutdown"));
        out.println("minizk debugger: " + server.url() + "  (" + (opened != null ? "trace " + trace : "scenario " + scenario)
                + "; Ctrl-C stops it)");
        out.flush();
        try {
            new CountDownLatch(1).await(); // serves until the process is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return Main.EXIT_OK;
    }

    private static Trace readTrace(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--trace: no such file: " + file);
        }
        try {
            return Trace.load(file);
        } catch (UncheckedIOException e) {
            throw new ConfigException("--trace: cannot read " + file + ": " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--trace " + file + ": " + e.getMessage());
        }
    }
}
