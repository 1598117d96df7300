package dev.minizk.cli;

import dev.minizk.fault.EnsembleDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code minizk ensemble}: an ensemble on this machine, one {@code minizk server} process per
 * member, server k on the loopback address 127.0.0.k (the addresses stand in for hosts) with
 * ports picked free at start. It writes each member's {@code zoo.cfg} and {@code myid} under
 * the data directory, starts them, waits for a leader, prints the connect string and each
 * status page, and stops them all (its own children, by pid) on Ctrl-C.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Starts a minizk ensemble on this machine: one server process per member, on 127.0.0.1, .2, .3, ...",
                "Prints the connect string and each status page; Ctrl-C stops every server."})
final class EnsembleCommand implements Callable<Integer> {
    static final long LEADER_WAIT_MILLIS = 60_000;
    /** The folder of restart requests under the data directory ({@code minizk fault restart}). */
    static final String RESTART_REQUESTS = EnsembleDirectory.RESTART_REQUESTS;

    @Spec
    CommandSpec spec;

    @Option(names = "--servers", paramLabel = "N", description = "Voting servers (default 3).")
    int servers = 3;

    @Option(names = "--observers", paramLabel = "N", description = "Observers besides the voters (default 0).")
    int observers = 0;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where each server keeps its files (DIR/serverK); an earlier run's data is kept. Default: a new temporary directory.")
    Path data;

    @Option(names = "--tick-time", paramLabel = "MS",
            description = "tickTime of every server (default 500: a dead leader is noticed within syncLimit = 5 ticks).")
    int tickTime = 500;

    /** Set once Ctrl-C stops the servers: their exits are expected then. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        check();
        Path root = data != null ? Files.createDirectories(data.toAbsolutePath()) : Files.createTempDirectory("minizk-ensemble-");
        EnsemblePlan plan = EnsemblePlan.pick(servers, observers, tickTime, root);
        plan.writeConfigs();
        long startedAt = System.nanoTime();
        List<ServerProcess> processes = new CopyOnWriteArrayList<>();
        Thread stopper = new Thread(() -> stopAll(processes, err), "minizk-ensemble-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        for (EnsemblePlan.Server server : plan.servers()) {
            processes.add(ServerProcess.start(server));
        }
        out.println("minizk ensemble: " + servers + (servers == 1 ? " server" : " servers")
                + (observers > 0 ? " and " + observers + (observers == 1 ? " observer" : " observers") : "")
                + ", tickTime " + tickTime + " ms, files in " + root);
        out.flush();
        Optional<Integer> leader = awaitLeader(processes);
        awaitStatusPages(processes);
        for (ServerProcess p : processes) {
            out.println("server " + p.server().id() + ": " + p.server().connectString() + "  " + p.mode().orElse("(not serving)")
                    + "  pid " + p.pid() + "  status page " + p.statusPage().orElse("(none yet)") + "  log " + p.server().log());
        }
        if (leader.isEmpty()) {
            err.println("error: no leader within " + LEADER_WAIT_MILLIS / 1000 + " s; the servers' logs say why. Stopping them.");
            return Main.EXIT_FAILED;
        }
        out.println("leader: server " + leader.get() + " (ensemble up in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt) + " ms)");
        out.println("connect string: " + plan.connectString());
        out.println("Ctrl-C stops every server.");
        out.flush();
        processes.forEach(p -> reportExit(p, err));
        serveRestartRequests(root, processes, out, err);
        return Main.EXIT_OK;
    }

    private void reportExit(ServerProcess p, PrintWriter err) {
        p.process().onExit().thenAccept(done -> {
            if (!stopping) {
                err.println("minizk: server " + p.server().id() + " (pid " + p.pid() + ") exited with status " + done.exitValue());
                err.flush();
            }
        });
    }

    /**
     * Until Ctrl-C: {@code minizk fault restart K} asks for server K by a file {@code DIR/restart/K};
     * a stopped server is started again here, so it stays this command's child and Ctrl-C stops it too.
     */
    private void serveRestartRequests(Path root, List<ServerProcess> processes, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        Path requests = Files.createDirectories(root.resolve(RESTART_REQUESTS));
        while (!stopping) {
            try (var files = Files.list(requests)) {
                for (Path request : files.toList()) {
                    restart(request, processes, out, err);
                }
            }
            Thread.sleep(200);
        }
    }

    private void restart(Path request, List<ServerProcess> processes, PrintWriter out, PrintWriter err) throws IOException {
        Files.deleteIfExists(request);
        for (int i = 0; i < processes.size(); i++) {
            ServerProcess old = processes.get(i);
            if (String.valueOf(old.server().id()).equals(request.getFileName().toString())) {
                if (old.process().isAlive()) {
                    err.println("minizk: server " + old.server().id() + " runs already (pid " + old.pid() + "); kill it first");
                } else {
                    ServerProcess fresh = ServerProcess.start(old.server());
                    processes.set(i, fresh);
                    reportExit(fresh, err);
                    out.println("minizk: server " + old.server().id() + " restarted (pid " + fresh.pid() + ")");
                }
                out.flush();
                err.flush();
            }
        }
    }

    private void check() throws ConfigException {
        if (servers < 1 || servers > 9) {
            throw new ConfigException("--servers must be 1..9, got " + servers);
        }
        if (observers < 0 || servers + observers > 9) {
            throw new ConfigException("--observers must be 0.." + (9 - servers) + " (at most 9 servers in all), got " + observers);
        }
        if (tickTime < 10) {
            throw new ConfigException("--tick-time must be at least 10 ms, got " + tickTime);
        }
    }

    /** Polls every server's {@code srvr} until one leads and all serve; the leader's id, or empty on time out. */
    private static Optional<Integer> awaitLeader(List<ServerProcess> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            Integer leader = null;
            boolean allServe = true;
            for (ServerProcess p : processes) {
                Optional<String> mode = p.mode();
                allServe &= mode.isPresent();
                if (mode.isPresent() && mode.get().equals("leader")) {
                    leader = p.server().id();
                }
                if (!p.process().isAlive()) {
                    return Optional.empty();
                }
            }
            if (leader != null && allServe) {
                return Optional.of(leader);
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Each server prints its status page a moment after it listens; wait for those lines a little. */
    private static void awaitStatusPages(List<ServerProcess> processes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && processes.stream().anyMatch(p -> p.statusPage().isEmpty())) {
            Thread.sleep(50);
        }
    }

    /** SIGTERM to each child, then SIGKILL to any still alive after 5 s. Only our own children, by pid. */
    private void stopAll(List<ServerProcess> processes, PrintWriter err) {
        stopping = true;
        for (ServerProcess p : processes) {
            p.process().destroy();
        }
        for (ServerProcess p : processes) {
            try {
                if (!p.process().waitFor(5, TimeUnit.SECONDS)) {
                    p.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.process().destroyForcibly();
            }
        }
        if (!processes.isEmpty()) {
            err.println("minizk: ensemble stopped (" + processes.size() + " servers)");
            err.flush();
        }
    }

    /** Free ports for every member, and the config files that name them. */
    record EnsemblePlan(List<Server> servers, int tickTime) {
        record Server(int id, String host, int clientPort, int quorumPort, int electionPort, boolean observer, Path dir) {
            String connectString() {
                return host + ":" + clientPort;
            }

            Path config() {
                return dir.resolve("zoo.cfg");
            }

            Path log() {
                return dir.resolve("server.log");
            }
        }

        static EnsemblePlan pick(int voters, int observers, int tickTime, Path root) throws IOException {
            List<Server> servers = new ArrayList<>();
            for (int id = 1; id <= voters + observers; id++) {
                String host = "127.0.0." + id;
                servers.add(new Server(id, host, freePort(host), freePort(host), freePort(host), id > voters,
                        root.resolve("server" + id)));
            }
            return new EnsemblePlan(servers, tickTime);
        }

        /** A port free now on this address (bind 0, then let it go): the server binds it a moment later. */
        private static int freePort(String host) throws IOException {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, 0));
                return socket.getLocalPort();
            }
        }

        String connectString() {
            return servers.stream().map(Server::connectString).collect(Collectors.joining(","));
        }

        void writeConfigs() throws IOException {
            Map<Integer, String> lines = new TreeMap<>();
            for (Server s : servers) {
                lines.put(s.id(), "server." + s.id() + "=" + s.host() + ":" + s.quorumPort() + ":" + s.electionPort()
                        + (s.observer() ? ":observer" : "") + ";" + s.connectString());
            }
            for (Server s : servers) {
                Files.createDirectories(s.dir());
                Files.writeString(s.dir().resolve("myid"), s.id() + "\n");
                StringBuilder cfg = new StringBuilder("# written by minizk ensemble\n");
                cfg.append("tickTime=").append(tickTime).append('\n');
                cfg.append("initLimit=10\nsyncLimit=5\n");
                cfg.append("dataDir=").append(s.dir()).append('\n');
                cfg.append("clientPort=").append(s.clientPort()).append('\n');
                cfg.append("clientPortAddress=").append(s.host()).append('\n');
                lines.values().forEach(line -> cfg.append(line).append('\n'));
                Files.writeString(s.config(), cfg.toString());
            }
        }
    }
}
