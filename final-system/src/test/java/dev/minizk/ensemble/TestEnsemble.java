package dev.minizk.ensemble;

import dev.minizk.net.RuntimeConfig;
import dev.minizk.peer.PeerLinks;
import dev.minizk.server.ServerConfig;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An ensemble of real servers in this JVM, each on its own loopback address (server k on
 * 127.0.0.k) with ports picked at run time and its files under a temporary directory: the
 * real runtime (TCP, files, wall clock), only without separate processes. Servers can be
 * stopped and started again on the same ports and files.
 */
final class TestEnsemble implements AutoCloseable {
    /** Short ticks keep failover fast: a leader is given up after syncLimit (5) ticks. */
    static final int TICK = 100;

    private final Path root;
    private final Map<Integer, Member> members = new TreeMap<>();
    private final Map<Integer, EnsembleServer> servers = new TreeMap<>();
    private final Map<Integer, Integer> clientPorts = new TreeMap<>();

    private TestEnsemble(Path root) {
        this.root = root;
    }

    /** Voters 1..voters, then observers; all started. */
    static TestEnsemble start(Path root, int voters, int observers) {
        TestEnsemble ensemble = new TestEnsemble(root);
        Map<Integer, ServerSocketChannel> quorumPorts = new TreeMap<>();
        try {
            for (int id = 1; id <= voters + observers; id++) {
                String host = "127.0.0." + id;
                ServerSocketChannel port = PeerLinks.listen(new InetSocketAddress(host, 0));
                quorumPorts.put(id, port);
                ensemble.members.put(id, new Member(id, host, port.socket().getLocalPort(), port.socket().getLocalPort(),
                        id > voters, null, 0));
                ensemble.clientPorts.put(id, 0);
            }
            for (int id : ensemble.members.keySet()) {
                ensemble.startServer(id, quorumPorts.get(id));
            }
        } catch (IOException e) {
            ensemble.close();
            throw new UncheckedIOException(e);
        }
        return ensemble;
    }

    private void startServer(int id, ServerSocketChannel quorumPort) throws IOException {
        Member me = members.get(id);
        // Sessions may last up to 20 s (not 20 ticks): a client must outlive a failover on a busy machine.
        ServerConfig settings = new ServerConfig(id, TICK, 2 * TICK, 20_000, null, false, 60_000, 0);
        RuntimeConfig runtime = new RuntimeConfig(new InetSocketAddress(me.host(), clientPorts.get(id)), settings,
                root.resolve("server" + id).toString(), Set.of("*"));
        EnsembleConfig config = new EnsembleConfig(id, members, runtime, root.resolve("server" + id),
                EnsembleConfig.zabFor(TICK, 10, 5), EnsembleConfig.recoveryDefaults());
        EnsembleServer server = EnsembleServer.start(config, quorumPort);
        servers.put(id, server);
        clientPorts.put(id, server.runtime().port()); // a restart comes back on the same port
    }

    EnsembleServer server(int id) {
        return servers.get(id);
    }

    Set<Integer> ids() {
        return members.keySet();
    }

    /** host:port of every server, as a client's connect string. */
    String connectString() {
        return members.keySet().stream().map(this::connectString).collect(Collectors.joining(","));
    }

    String connectString(int id) {
        return members.get(id).host() + ":" + clientPorts.get(id);
    }

    /** Stops a server (its sockets close: to the others it has crashed); its files stay. */
    void stop(int id) {
        EnsembleServer server = servers.remove(id);
        if (server != null) {
            server.close();
        }
    }

    /** Starts a stopped server again on its ports and files. */
    void restart(int id) {
        try {
            startServer(id, PeerLinks.listen(new InetSocketAddress(members.get(id).host(), members.get(id).quorumPort())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** LEADING, FOLLOWING, OBSERVING or LOOKING; empty when stopped. */
    Optional<String> role(int id) {
        EnsembleServer server = servers.get(id);
        if (server == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(server.runtime().submit(s -> server.driver().node().replica().role().name()).get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The server that leads an established epoch and every running server serves under it, if so. */
    Optional<Integer> settledLeader() {
        Integer leader = null;
        for (int id : servers.keySet()) {
            EnsembleServer server = servers.get(id);
            Boolean ok;
            try {
                ok = server.runtime().submit(s -> {
                    var role = server.driver().node().replica().role();
                    return role instanceof Leader l ? l.isEstablished() : role instanceof Learner learner && learner.isServing();
                }).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return Optional.empty();
            }
            if (!ok) {
                return Optional.empty();
            }
            if (role(id).orElse("").equals("LEADING")) {
                leader = id;
            }
        }
        return Optional.ofNullable(leader);
    }

    List<Integer> running() {
        return new ArrayList<>(servers.keySet());
    }

    @Override
    public void close() {
        for (int id : new ArrayList<>(servers.keySet())) {
            stop(id);
        }
    }
}
