package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.ReplicaNode;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.StandaloneServer;
import dev.minizk.session.Session;
import dev.minizk.sim.ClientMachine;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.simclient.Describe;
import dev.minizk.simclient.ServerNode;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.tree.DataTree;
import dev.minizk.zab.Leader;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A simulated world for the recipes: servers and client machines, each client with the course's
 * client and a {@link SessionEvents} as its default watcher. The servers are either one
 * standalone server (node 1; {@link #RecipeWorld(long)}) or a three-server ensemble of stage 04's
 * replicas ({@link #ensemble}), which clients reach in a seeded order and move across when their
 * server is lost. One seed replays everything, GUIDs included.
 */
final class RecipeWorld {
    static final int TICK_MILLIS = 500;
    static final int SESSION_TIMEOUT_MILLIS = 2_000;
    /** The ensemble's tick: session timeouts from 200 ms to 2 s, as in stage 04's scenarios. */
    static final int ENSEMBLE_TICK_MILLIS = 100;

    /** One client machine, its client handle and its session's events. */
    record Participant(String name, ClientMachine machine, SimulatedClient runtime, ZkClient client, SessionEvents session) {
        long sessionId() {
            return client.sessionId();
        }
    }

    final Simulator<?> sim;
    final Random random;
    final Supplier<String> guids;
    final List<Participant> participants = new ArrayList<>();
    /** The server ids clients may connect to. */
    final List<Integer> servers;
    /** The server whose tree and sessions are the truth now: the standalone one, or the ensemble's established leader. */
    private final Supplier<Optional<ClientFacingServer>> authority;

    private RecipeWorld(Simulator<?> sim, long seed, List<Integer> servers, Supplier<Optional<ClientFacingServer>> authority) {
        this.sim = sim;
        this.servers = servers;
        this.authority = authority;
        sim.describeLinkMessagesWith(Describe::linkMessage);
        random = new Random(seed);
        guids = LockNodes.guids(random);
    }

    RecipeWorld(long seed, NetworkFaults network) {
        this(standaloneSim(seed, network), seed, new StandaloneServer(ServerConfig.withTick(TICK_MILLIS)));
    }

    RecipeWorld(long seed) {
        this(seed, NetworkFaults.reliable().withDelay(1, 5));
    }

    private RecipeWorld(Simulator<String> sim, long seed, StandaloneServer server) {
        this(sim, seed, List.of(1), () -> Optional.of(server));
        sim.addNode(1, n -> new ServerNode<>(server, "10.0.0.1"));
        sim.nameNode(1, "server");
    }

    private static Simulator<String> standaloneSim(long seed, NetworkFaults network) {
        return new Simulator<>(seed, SimConfig.reliable().withNetwork(network).withLinkDelay(1, 5).withTimelineCapacity(20_000));
    }

    /** A three-server ensemble (ids 1..3) of stage 04's replicas; run {@link #settle} before clients join. */
    static RecipeWorld ensemble(long seed, NetworkFaults peerNetwork) {
        Simulator<PeerMessage> sim = new Simulator<>(seed,
                SimConfig.reliable().withNetwork(peerNetwork).withLinkDelay(1, 5).withTimelineCapacity(20_000));
        QuorumVerifier verifier = QuorumVerifier.majorityOf(3);
        ServerConfig config = ServerConfig.withTick(ENSEMBLE_TICK_MILLIS);
        for (int id : verifier.members()) {
            sim.addNode(id, n -> new ReplicaNode(verifier, ZabConfig.simulated(), config.withServerId(n), ZabEvents.NONE));
        }
        List<Integer> ids = List.copyOf(verifier.members());
        return new RecipeWorld(sim, seed, ids, () -> establishedLeader(sim, ids).map(id -> replica(sim, id).orElseThrow().server()));
    }

    private static Optional<ReplicaNode> replica(Simulator<?> sim, int id) {
        return sim.node(id).map(node -> (ReplicaNode) node);
    }

    /** The id of the established leader of the highest epoch among live replicas, if there is one. */
    private static Optional<Integer> establishedLeader(Simulator<?> sim, List<Integer> ids) {
        record Led(int id, long epoch) {
        }
        return ids.stream()
                .flatMap(id -> replica(sim, id).flatMap(node -> node.replica().leader()).filter(Leader::isEstablished)
                        .map(leader -> new Led(id, leader.epoch())).stream())
                .max(Comparator.comparingLong(Led::epoch))
                .map(Led::id);
    }

    /** The ensemble's established leader now (empty for a standalone server, and between leaders). */
    Optional<Integer> leaderId() {
        return servers.size() == 1 ? Optional.empty() : establishedLeader(sim, servers);
    }

    /** Runs until a leader is established and every live server serves clients (at once for a standalone server). */
    boolean settle(long maxMillis) {
        return runUntil(this::serving, maxMillis);
    }

    /** A leader is established and every live server serves clients. */
    boolean serving() {
        return authority.get().isPresent() && (servers.size() == 1 || servers.stream()
                .allMatch(id -> replica(sim, id).map(node -> node.server().serving()).orElse(true)));
    }

    /** Connects a new client (its connect string: every server, from a seeded first one on). */
    Participant join(String name) {
        ClientMachine machine = sim.addClient(name);
        List<Integer> connectString = new ArrayList<>(servers);
        if (servers.size() > 1) {
            Collections.rotate(connectString, random.nextInt(servers.size())); // clients spread over the servers
        }
        SimulatedClient runtime = new SimulatedClient(sim, machine, connectString);
        SessionEvents session = new SessionEvents();
        ZkClient client = ZkClient.connect(runtime, SESSION_TIMEOUT_MILLIS, session);
        Participant participant = new Participant(name, machine, runtime, client, session);
        participants.add(participant);
        return participant;
    }

    /** The authority's tree: the standalone server's, or the established leader's. */
    DataTree tree() {
        return treeNow().orElseThrow(() -> new IllegalStateException("no established leader now"));
    }

    /** The authority's tree, or empty while an ensemble has no established leader. */
    Optional<DataTree> treeNow() {
        return authority.get().map(ClientFacingServer::tree);
    }

    /** The sessions the authority holds now; empty while an ensemble has no established leader. */
    Optional<Set<Long>> liveSessions() {
        return authority.get().map(server -> server.sessions().stream().map(Session::id).collect(Collectors.toSet()));
    }

    boolean runUntil(BooleanSupplier condition, long maxMillis) {
        return sim.runUntil(condition, maxMillis);
    }

    String timeline() {
        return sim.timeline().render();
    }
}
