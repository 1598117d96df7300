package dev.minizk.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An ensemble of separate server processes on this machine, minizk's or ZooKeeper 3.9.5's, set
 * up the same way: server k on the loopback address 127.0.0.k (the addresses stand in for hosts),
 * ports picked free at start, its own {@code zoo.cfg}, {@code dataDir} and {@code myid}, the same
 * java, class path and heap. minizk runs {@code dev.minizk.cli.Main server -c zoo.cfg}, ZooKeeper
 * its own {@code QuorumPeerMain zoo.cfg} from the Maven artifact on the class path; both fsync
 * their logs (ZooKeeper's {@code forceSync} is on by default, minizk always syncs).
 *
 * <p>Servers are killed with SIGKILL and started again on the same ports and files. Only the
 * processes started here are ever signalled, by their {@link Process} handles.
 */
final class ProcessEnsemble implements AutoCloseable {
    /** Which server program the processes run. */
    enum Kind {
        MINIZK("minizk"), ZOOKEEPER("ZooKeeper");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One member: its addresses and its folder (zoo.cfg, myid, data, server.log). */
    record Server(int id, String host, int clientPort, int quorumPort, int electionPort, Path dir) {
        String connectString() {
            return host + ":" + clientPort;
        }
    }

    private final Kind kind;
    private final String heap;
    private final Map<Integer, Server> servers = new TreeMap<>();
    private final Map<Integer, Process> processes = new TreeMap<>();

    private ProcessEnsemble(Kind kind, String heap) {
        this.kind = kind;
        this.heap = heap;
    }

    /**
     * Writes the configs under {@code root} and starts every server; returns at once (see
     * {@link #awaitLeader}). Sessions may last up to 30 s, so clients outlive a restart of all.
     */
    static ProcessEnsemble start(Kind kind, int count, Path root, int tickTimeMillis, String heap) throws IOException {
        ProcessEnsemble ensemble = new ProcessEnsemble(kind, heap);
        for (int id = 1; id <= count; id++) {
            String host = "127.0.0." + id;
            ensemble.servers.put(id, new Server(id, host, freePort(host), freePort(host), freePort(host), root.resolve("server" + id)));
        }
        try {
            for (Server s : ensemble.servers.values()) {
                ensemble.writeConfig(s, tickTimeMillis);
            }
            for (int id : ensemble.servers.keySet()) {
                ensemble.startServer(id);
            }
        } catch (IOException | RuntimeException e) {
            ensemble.close();
            throw e;
        }
        return ensemble;
    }

    Kind kind() {
        return kind;
    }

    String connectString() {
        return servers.values().stream().map(Server::connectString).collect(Collectors.joining(","));
    }

    List<Integer> ids() {
        return List.copyOf(servers.keySet());
    }

    Server server(int id) {
        return servers.get(id);
    }

    /** SIGKILL to server {@code id} (no shutdown hook runs, nothing is flushed); returns once it is gone. */
    void kill(int id) throws InterruptedException {
        Process p = processes.get(id);
        p.destroyForcibly();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server " + id + " (pid " + p.pid() + ") outlived SIGKILL for 10 s");
        }
    }

    /** Starts a killed server again on its ports and files. */
    void restart(int id) throws IOException {
        if (processes.get(id).isAlive()) {
            throw new IllegalStateException("server " + id + " still runs");
        }
        startServer(id);
    }

    /** The leader's id once one leads and every running server serves; empty if not so within the wait. */
    Optional<Integer> awaitLeader(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (System.nanoTime() < deadline) {
            Optional<Integer> leader = settledLeader();
            if (leader.isPresent()) {
                return leader;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Optional.empty();
    }

    /** A leader and every running server serving, now. */
    Optional<Integer> settledLeader() {
        Integer leader = null;
        for (int id : servers.keySet()) {
            if (!processes.get(id).isAlive()) {
                continue;
            }
            String mode = mode(id);
            if (mode.equals("leader")) {
                leader = id;
            } else if (!mode.equals("follower")) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(leader);
    }

    /** leader, follower, or "(not serving)" / "(down)", from the server's {@code srvr}. */
    String mode(int id) {
        Server s = servers.get(id);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(s.host(), s.clientPort()), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).trim()).findFirst()
                    .orElse("(not serving)");
        } catch (IOException e) {
            return "(down)";
        }
    }

    /** CPU time the running servers have used so far (user and system, every thread), in ms. */
    long cpuMillis() {
        return processes.values().stream().filter(Process::isAlive)
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L)).sum();
    }

    /** SIGKILL to every server still running. */
    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ set-up

    private void startServer(int id) throws IOException {
        Server s = servers.get(id);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + heap, "-Xmx" + heap, "-cp", System.getProperty("java.class.path")));
        if (kind == Kind.MINIZK) {
            command.addAll(List.of("dev.minizk.cli.Main", "server", "-c", s.dir().resolve("zoo.cfg").toString(), "--no-status"));
        } else {
            command.addAll(List.of("-Dzookeeper.admin.enableServer=false", "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                    s.dir().resolve("zoo.cfg").toString()));
        }
        Path log = s.dir().resolve("server.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.put(id, p);
    }

    /** The same zoo.cfg for both programs, plus what ZooKeeper needs to answer {@code srvr}. */
    private void writeConfig(Server s, int tickTimeMillis) throws IOException {
        StringBuilder cfg = new StringBuilder();
        cfg.append("tickTime=").append(tickTimeMillis).append('\n');
        cfg.append("initLimit=10\nsyncLimit=5\n");
        cfg.append("maxSessionTimeout=30000\n");
        cfg.append("dataDir=").append(s.dir().resolve("data")).append('\n');
        cfg.append("clientPort=").append(s.clientPort()).append('\n');
        cfg.append("clientPortAddress=").append(s.host()).append('\n');
        if (kind == Kind.ZOOKEEPER) {
            cfg.append("4lw.commands.whitelist=*\n");
        }
        for (Server member : servers.values()) {
            cfg.append("server.").append(member.id()).append('=').append(member.host()).append(':').append(member.quorumPort())
                    .append(':').append(member.electionPort()).append('\n');
        }
        Files.createDirectories(s.dir().resolve("data"));
        Files.writeString(s.dir().resolve("data").resolve("myid"), s.id() + "\n");
        Files.writeString(s.dir().resolve("zoo.cfg"), cfg.toString());
    }

    /** A port free now on this address (bind 0, then let it go): the server binds it a moment later. */
    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        }
    }
}
