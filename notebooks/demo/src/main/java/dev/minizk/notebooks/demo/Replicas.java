package dev.minizk.notebooks.demo;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.Persistence;
import dev.minizk.replica.Replica;
import dev.minizk.replica.ReplicaNode;
import dev.minizk.replica.ReplicaServer;
import dev.minizk.server.RequestPipeline;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.simclient.Describe;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Leader;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Notebook 04's replicated ensemble: stage 04's {@link ReplicaNode}s (election, Zab and the
 * request pipeline, one simulated node each) with the course's {@link ZkClient}s on simulated
 * client links, the notebook's version of stage 04's test {@code ServingEnsemble}. It records what
 * Zab reports ({@link #roles}, {@link #commits}) with the virtual time it happened at. By default
 * state lives in memory (stage 04); give it a {@link Persistence} per incarnation (stage 05's
 * {@code DiskPersistence}) and a server keeps its log, snapshots and epochs across crashes.
 */
public final class Replicas {
    /** Session expiry counted in 100 ms ticks, as in stage 04's tests. */
    private static final ServerConfig SERVER = ServerConfig.withTick(100);

    /** A COMMIT the leader sent: when, which zxid, who had acked it (the leader included). */
    public record Commit(long at, int leader, long zxid, Set<Integer> ackers) {
        @Override
        public String toString() {
            return "t=" + at + " leader " + leader + " commits " + Zxid.format(zxid) + ", acked by " + ackers;
        }
    }

    public final Simulator<PeerMessage> sim;
    public final QuorumVerifier verifier;
    /** Every start and role change, in order: {@code "t=312 n3 LEADING: elected 3 in round 1"}. */
    public final List<String> roles = new ArrayList<>();
    public final List<Commit> commits = new ArrayList<>();
    private final Map<Integer, Persistence> persistence = new HashMap<>();

    /** {@code servers} voters with ids 1..n, in memory; peer links become TCP-like connections, as in stage 04's tests. */
    public Replicas(long seed, SimConfig config, int servers) {
        this(seed, config, servers, Persistence::inMemory);
    }

    /** The same, each incarnation of each server keeping what must survive a crash in a new {@code persistence.get()}. */
    public Replicas(long seed, SimConfig config, int servers, Supplier<Persistence> persistence) {
        this.sim = new Simulator<>(seed, config.withNetwork(config.network().withConnections()));
        this.verifier = QuorumVerifier.majorityOf(servers);
        sim.describeLinkMessagesWith(Describe::linkMessage);
        ZabEvents events = new ZabEvents() {
            @Override
            public void started(int server) {
                roles.add("t=" + sim.now() + " n" + server + " started (incarnation " + sim.incarnation(server) + ")");
            }

            @Override
            public void roleChanged(int server, String role, String why) {
                roles.add("t=" + sim.now() + " n" + server + " " + role + ": " + why);
            }

            @Override
            public void committed(int leader, long zxid, Set<Integer> ackers) {
                commits.add(new Commit(sim.now(), leader, zxid, Set.copyOf(ackers)));
            }
        };
        for (int id : verifier.members()) {
            sim.addNode(id, n -> {
                Persistence disk = persistence.get();
                this.persistence.put(n, disk);
                return new ReplicaNode(verifier, ZabConfig.simulated(), SERVER.withServerId(n), events,
                        RequestPipeline.MAX_OUTSTANDING_REQUESTS, disk);
            });
        }
    }

    public ReplicaNode node(int id) {
        return (ReplicaNode) sim.node(id).orElseThrow(() -> new IllegalStateException("server " + id + " is down"));
    }

    public Replica replica(int id) {
        return node(id).replica();
    }

    public ReplicaServer server(int id) {
        return node(id).server();
    }

    /** What the current incarnation of server {@code id} keeps across crashes (cast it to stage 05's {@code DiskPersistence}). */
    public Persistence persistence(int id) {
        node(id);
        return persistence.get(id);
    }

    /** The established leader with the highest epoch among live servers. */
    public Optional<Integer> leader() {
        int best = -1;
        long bestEpoch = -1;
        for (int id : verifier.members()) {
            Optional<Leader> leader = sim.isUp(id) ? replica(id).leader() : Optional.empty();
            if (leader.isPresent() && leader.get().isEstablished() && leader.get().epoch() > bestEpoch) {
                best = id;
                bestEpoch = leader.get().epoch();
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(best);
    }

    /** The servers other than the leader, in id order. */
    public List<Integer> followers() {
        int leader = leader().orElseThrow(() -> new IllegalStateException("no established leader\n" + this));
        return verifier.members().stream().filter(id -> id != leader).toList();
    }

    /** An established leader, and every live server takes clients. */
    public boolean serving() {
        return leader().isPresent() && verifier.members().stream().filter(sim::isUp).allMatch(id -> server(id).serving());
    }

    /** A client named {@code name} whose connect string starts at server {@code first}, then the others in id order. */
    public ZkClient client(String name, int first) {
        List<Integer> connectString = new ArrayList<>(List.of(first));
        verifier.members().stream().filter(id -> id != first).forEach(connectString::add);
        return ZkClient.connect(new SimulatedClient(sim, sim.addClient(name), connectString), 4_000, null);
    }

    /** One line per server: role, epoch, last zxid applied, clients. */
    public String states() {
        StringBuilder text = new StringBuilder();
        for (int id : verifier.members()) {
            if (!sim.isUp(id)) {
                text.append("n").append(id).append(" down\n");
                continue;
            }
            Replica replica = replica(id);
            text.append(String.format("n%d %-9s epoch %d  applied %-13s %s, %d client connections%n", id, replica.role().name(),
                    replica.currentEpoch(), Zxid.format(server(id).lastZxid()),
                    server(id).serving() ? "serving" : "not serving", server(id).connectionCount()));
        }
        return text.toString();
    }

    /** Servers × (role, epoch, last zxid applied, serving, clients, nodes in the tree), as an HTML table. */
    public String stateTable() {
        StringBuilder html = new StringBuilder("<table><tr><th>server</th><th>role</th><th>current epoch</th>"
                + "<th>last zxid applied</th><th>serving</th><th>clients</th><th>znodes</th></tr>");
        for (int id : verifier.members()) {
            if (!sim.isUp(id)) {
                html.append("<tr><td>").append(id).append("</td><td>down</td><td></td><td></td><td></td><td></td><td></td></tr>");
                continue;
            }
            ReplicaServer server = server(id);
            html.append(String.format("<tr><td>%d</td><td>%s</td><td>%d</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td></tr>",
                    id, replica(id).role().name(), replica(id).currentEpoch(), Zxid.format(server.lastZxid()),
                    server.serving() ? "yes" : "no", server.connectionCount(), server.tree().nodeCount()));
        }
        return html.append("</table>").toString();
    }

    @Override
    public String toString() {
        return sim + "\n" + states();
    }
}
