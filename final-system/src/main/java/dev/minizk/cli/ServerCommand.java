package dev.minizk.cli;

import dev.minizk.ensemble.EnsembleConfig;
import dev.minizk.ensemble.EnsembleServer;
import dev.minizk.ensemble.Member;
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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code minizk server}: one server process, standalone or (with {@code server.N} lines in its
 * config) one member of an ensemble. Settings come from ZooKeeper's
 * defaults, then the config file, then the command-line options. Once serving it prints the
 * status page's URL ({@code status page: http://127.0.0.1:PORT/}, see {@link StatusServer}) and then
 * the connect string. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Runs a minizk server that stock ZooKeeper clients (zkCli, Curator, the Java client) can use.",
                "Without server.N lines in the config it is a standalone server with its data in memory;",
                "with them, one member of an ensemble (its id in dataDir/myid), with its log and snapshots in dataDir."})
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

    @Option(names = "--data-dir", paramLabel = "DIR", description = "dataDir: an ensemble member's myid file, log and snapshots. Unused by a standalone server.")
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
        EnsembleConfig ensemble = cfg.servers().isEmpty() ? null : ensembleConfig(cfg);
        RuntimeConfig runtimeConfig = ensemble != null ? ensemble.runtime() : runtimeConfig(cfg);
        InetSocketAddress statusAddress = statusAddress();

        EnsembleServer member; // the same replica either way: alone in its quorum, or one of an ensemble
        try {
            member = ensemble != null ? EnsembleServer.start(ensemble) : EnsembleServer.standalone(runtimeConfig);
        } catch (IOException e) {
            InetSocketAddress address = runtimeConfig.bindAddress();
            err.println("error: cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage());
            return Main.EXIT_FAILED;
        }
        ServerRuntime runtime = member.runtime();
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
            member.close();
            err.println("minizk: server on port " + runtime.port() + " stopped");
        }, "minizk-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);

        ServerConfig server = runtimeConfig.server();
        String listening = runtime.address().getAddress().isAnyLocalAddress()
                ? "port " + runtime.port() + " (all interfaces)"
                : runtime.address().getAddress().getHostAddress() + ":" + runtime.port();
        String settings = " (tickTime " + server.tickTime() + " ms, session timeouts " + server.minSessionTimeout() + ".."
                + server.maxSessionTimeout() + " ms, TTL nodes " + (server.ttlEnabled() ? "on" : "off") + ")";
        if (ensemble != null) {
            out.println("minizk server " + ensemble.myId() + " of an ensemble (" + ensemble.verifier() + ") listening on "
                    + listening + settings);
            out.println("peers on " + ensemble.me().host() + ":" + ensemble.me().quorumPort() + ", files in "
                    + ensemble.storageDirectory() + "; clients are served once a leader is found");
        } else {
            out.println("minizk standalone server listening on " + listening + settings);
            if (runtimeConfig.dataDir() != null) {
                out.println("dataDir " + runtimeConfig.dataDir()
                        + " is accepted but unused: a standalone server keeps its data in memory (server.N lines make an ensemble)");
            }
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

    /**
     * A member of an ensemble ({@code server.N} lines): its id from {@code dataDir/myid}, as
     * ZooKeeper reads it; its client port from the options, {@code clientPort}, or its line's
     * {@code ;clientPort}; the quorum's timing from {@code tickTime}, {@code initLimit} (10) and
     * {@code syncLimit} (5).
     */
    EnsembleConfig ensembleConfig(ZooCfg cfg) throws ConfigException {
        String dir = dataDir != null ? dataDir : cfg.dataDir();
        if (dir == null) {
            throw new ConfigException("server.N lines make this server a member of an ensemble, which needs a dataDir (its myid file and its data live there)");
        }
        Path myidFile = Path.of(dir, "myid");
        int myId;
        try {
            myId = Integer.parseInt(Files.readString(myidFile).trim());
        } catch (NoSuchFileException e) {
            throw new ConfigException(myidFile + " does not exist: write this server's id (its server.N number) into it, as for ZooKeeper");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + myidFile + ": " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new ConfigException(myidFile + " must hold this server's id (a number)");
        }
        Member me = cfg.servers().get(myId);
        if (me == null) {
            throw new ConfigException(myidFile + " says " + myId + ", but there is no server." + myId + " line (servers "
                    + cfg.servers().keySet() + ")");
        }
        ZooCfg withMyPort = cfg;
        if (cfg.clientPort() == null && me.clientPort() != 0) {
            withMyPort = withClientPort(cfg, me.clientPort(), cfg.clientPortAddress() != null ? cfg.clientPortAddress() : me.clientHost());
        }
        RuntimeConfig base = runtimeConfig(withMyPort);
        RuntimeConfig runtime = new RuntimeConfig(base.bindAddress(), base.server().withServerId(myId), dir, base.fourLetterWhitelist());
        int tick = runtime.server().tickTime();
        try {
            return new EnsembleConfig(myId, cfg.servers(), runtime, Path.of(dir),
                    EnsembleConfig.zabFor(tick, pick(null, cfg.initLimit(), 10), pick(null, cfg.syncLimit(), 5)),
                    EnsembleConfig.recoveryDefaults());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static ZooCfg withClientPort(ZooCfg cfg, int port, String address) {
        return new ZooCfg(port, address, cfg.dataDir(), cfg.tickTime(), cfg.minSessionTimeout(), cfg.maxSessionTimeout(),
                cfg.extendedTypesEnabled(), cfg.superDigest(), cfg.fourLetterWhitelist(), cfg.initLimit(), cfg.syncLimit(),
                cfg.servers(), cfg.warnings());
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
