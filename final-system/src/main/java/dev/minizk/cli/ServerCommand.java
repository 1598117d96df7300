package dev.minizk.cli;

import dev.minizk.net.RuntimeConfig;
import dev.minizk.net.ServerRuntime;
import dev.minizk.server.ServerConfig;
import dev.minizk.status.StatusServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code minizk server}: one standalone server process. Settings come from ZooKeeper's
 * defaults, then the config file, then the command-line options. Once serving it prints the
 * status page's URL ({@code status page: http://127.0.0.1:PORT/}, see {@link StatusServer}) and then
 * the connect string. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Runs a standalone minizk server that stock ZooKeeper clients (zkCli, Curator, the Java client) can use.",
                "Data is kept in memory only: durability arrives in stage 05."})
final class ServerCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 2181;
    static final int DEFAULT_TICK = 2_000;
    /** How often empty containers and expired TTL nodes are reaped, as ZooKeeper (ms). */
    static final long CONTAINER_CHECK_INTERVAL = 60_000;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A zoo.cfg-style file (clientPort, tickTime, ...).")
    Path config;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Client port; 0 picks a free one. Default: clientPort, else 2181.")
    Integer port;

    @Option(names = "--bind", paramLabel = "HOST", description = "Address to listen on. Default: clientPortAddress, else all interfaces.")
    String bind;

    @Option(names = "--tick-time", paramLabel = "MS", description = "The basic time unit. Default: tickTime, else 2000.")
    Integer tickTime;

    @Option(names = "--min-session-timeout", paramLabel = "MS", description = "Default: minSessionTimeout, else 2 ticks.")
    Integer minSessionTimeout;

    @Option(names = "--max-session-timeout", paramLabel = "MS", description = "Default: maxSessionTimeout, else 20 ticks.")
    Integer maxSessionTimeout;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Accepted for ZooKeeper compatibility; unused until stage 05.")
    String dataDir;

    @Option(names = "--extended-types", negatable = true, description = "Allow TTL nodes (zookeeper.extendedTypesEnabled).")
    Boolean extendedTypes;

    @Option(names = "--super-digest", paramLabel = "super:BASE64", description = "Digest of the super user (DigestAuthenticationProvider.superDigest).")
    String superDigest;

    @Option(names = "--status-port", paramLabel = "PORT",
            description = "Port of the status page (web page and JSON API); 0, the default, picks a free one.")
    Integer statusPort;

    @Option(names = "--status-bind", paramLabel = "HOST",
            description = "Address the status page listens on. Default: 127.0.0.1 (this machine only).")
    String statusBind;

    @Option(names = "--no-status", description = "Do not serve the status page.")
    boolean noStatus;

    @Override
    public Integer call() throws ConfigException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ZooCfg cfg = config == null ? ZooCfg.empty() : ZooCfg.load(config);
        cfg.warnings().forEach(w -> err.println("warning: " + w));
        RuntimeConfig runtimeConfig = runtimeConfig(cfg);
        InetSocketAddress statusAddress = statusAddress();

        ServerRuntime runtime;
        try {
            runtime = ServerRuntime.start(runtimeConfig);
        } catch (IOException e) {
            InetSocketAddress address = runtimeConfig.bindAddress();
            err.println("error: cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        StatusServer status = null;
        if (statusAddress != null) {
            try {
                status = StatusServer.start(runtime, statusAddress);
            } catch (IOException e) {
                runtime.close();
                err.println("error: cannot serve the status page on " + statusAddress.getHostString() + ":"
                        + statusAddress.getPort() + ": " + e.getMessage()
                        + " (--status-port 0 picks a free port; --no-status turns the page off)");
                return Main.EXIT_FAILED;
            }
        }
        StatusServer statusPage = status;
        Thread stopper = new Thread(() -> {
            if (statusPage != null) {
                statusPage.close();
            }
            runtime.close();
            err.println("minizk: server on port " + runtime.port() + " stopped");
        }, "minizk-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);

        ServerConfig server = runtimeConfig.server();
        String listening = runtime.address().getAddress().isAnyLocalAddress()
                ? "port " + runtime.port() + " (all interfaces)"
                : runtime.address().getAddress().getHostAddress() + ":" + runtime.port();
        out.println("minizk standalone server listening on " + listening
                + " (tickTime " + server.tickTime() + " ms, session timeouts " + server.minSessionTimeout() + ".."
                + server.maxSessionTimeout() + " ms, TTL nodes " + (server.ttlEnabled() ? "on" : "off") + ")");
        if (runtimeConfig.dataDir() != null) {
            out.println("dataDir " + runtimeConfig.dataDir()
                    + " is accepted but unused: data lives in memory until stage 05 adds the log and snapshots");
        }
        // The status page first: whoever waits for the connect string then has both lines.
        out.println(statusPage != null ? "status page: " + statusPage.url() : "status page: off (--no-status)");
        out.println("connect string: " + runtime.connectString());
        out.flush();
        try {
            runtime.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.close();
        }
        if (runtime.failure().isPresent()) {
            Throwable cause = runtime.failure().get();
            err.println("error: the server stopped on an internal error (" + cause + "); the log above has its stack trace");
            return Main.EXIT_FAILED;
        }
        return Main.EXIT_OK;
    }

    /** Defaults, overridden by the file, overridden by the options; then checked as a whole. */
    RuntimeConfig runtimeConfig(ZooCfg cfg) throws ConfigException {
        int clientPort = pick(port, cfg.clientPort(), DEFAULT_PORT);
        if (port != null && (port < 0 || port > 65_535)) {
            throw new ConfigException("--port must be a port number 0..65535, got " + port);
        }
        int tick = pick(tickTime, cfg.tickTime(), DEFAULT_TICK);
        if (tick <= 0) {
            throw new ConfigException("--tick-time must be a positive number of milliseconds, got " + tick);
        }
        int min = pick(minSessionTimeout, cfg.minSessionTimeout(), 2 * tick);
        int max = pick(maxSessionTimeout, cfg.maxSessionTimeout(), 20 * tick);
        if (min <= 0) {
            throw new ConfigException("--min-session-timeout must be a positive number of milliseconds, got " + min);
        }
        if (min > max) {
            throw new ConfigException("minSessionTimeout " + min + " is above maxSessionTimeout " + max
                    + " (from " + source(minSessionTimeout, cfg.minSessionTimeout(), "--min-session-timeout", "minSessionTimeout")
                    + " and " + source(maxSessionTimeout, cfg.maxSessionTimeout(), "--max-session-timeout", "maxSessionTimeout") + ")");
        }
        String digest = superDigest != null ? ZooCfg.superDigest("--super-digest", superDigest) : cfg.superDigest();
        boolean ttl = extendedTypes != null ? extendedTypes : Boolean.TRUE.equals(cfg.extendedTypesEnabled());
        String host = bind != null ? bind : cfg.clientPortAddress();
        InetSocketAddress address = host == null ? new InetSocketAddress(clientPort) : new InetSocketAddress(host, clientPort);
        if (address.isUnresolved()) {
            throw new ConfigException((bind != null ? "--bind" : "clientPortAddress") + ": cannot resolve host '" + host + "'");
        }
        ServerConfig server = new ServerConfig(1, tick, min, max, digest, ttl, CONTAINER_CHECK_INTERVAL, 0);
        String dir = dataDir != null ? dataDir : cfg.dataDir();
        Set<String> whitelist = cfg.fourLetterWhitelist() == null ? Set.of("*") : cfg.fourLetterWhitelist();
        return new RuntimeConfig(address, server, dir, whitelist);
    }

    /** Where the status page listens, or null with {@code --no-status}. */
    InetSocketAddress statusAddress() throws ConfigException {
        if (noStatus) {
            if (statusPort != null || statusBind != null) {
                throw new ConfigException("--no-status turns the status page off; drop it or drop "
                        + (statusPort != null ? "--status-port" : "--status-bind"));
            }
            return null;
        }
        int port = statusPort != null ? statusPort : 0;
        if (port < 0 || port > 65_535) {
            throw new ConfigException("--status-port must be a port number 0..65535, got " + port);
        }
        String host = statusBind != null ? statusBind : "127.0.0.1";
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new ConfigException("--status-bind: cannot resolve host '" + host + "'");
        }
        return address;
    }

    private static int pick(Integer option, Integer fromFile, int fallback) {
        return option != null ? option : fromFile != null ? fromFile : fallback;
    }

    private static String source(Integer option, Integer fromFile, String optionName, String key) {
        return option != null ? optionName : fromFile != null ? "config key " + key : "the default";
    }
}
