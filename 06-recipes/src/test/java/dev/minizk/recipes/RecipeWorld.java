package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.StandaloneServer;
import dev.minizk.sim.ClientMachine;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.simclient.Describe;
import dev.minizk.simclient.ServerNode;
import dev.minizk.simclient.SimulatedClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A simulated world for the recipes: a standalone server (node 1) and client machines, each
 * with the course's client and a {@link SessionEvents} as its default watcher. One seed replays
 * everything, GUIDs included.
 */
final class RecipeWorld {
    static final int TICK_MILLIS = 500;
    static final int SESSION_TIMEOUT_MILLIS = 2_000;

    /** One client machine, its client handle and its session's events. */
    record Participant(String name, ClientMachine machine, SimulatedClient runtime, ZkClient client, SessionEvents session) {
        long sessionId() {
            return client.sessionId();
        }
    }

    final Simulator<String> sim;
    final StandaloneServer server;
    final Random random;
    final Supplier<String> guids;
    final List<Participant> participants = new ArrayList<>();

    RecipeWorld(long seed, NetworkFaults network) {
        sim = new Simulator<>(seed, SimConfig.reliable().withNetwork(network).withLinkDelay(1, 5).withTimelineCapacity(20_000));
        sim.describeLinkMessagesWith(Describe::linkMessage);
        server = new StandaloneServer(ServerConfig.withTick(TICK_MILLIS));
        sim.addNode(1, n -> new ServerNode<>(server, "10.0.0.1"));
        sim.nameNode(1, "server");
        random = new Random(seed);
        guids = LockNodes.guids(random);
    }

    RecipeWorld(long seed) {
        this(seed, NetworkFaults.reliable().withDelay(1, 5));
    }

    /** Connects a new client (runs the world until its session is open). */
    Participant join(String name) {
        ClientMachine machine = sim.addClient(name);
        SimulatedClient runtime = new SimulatedClient(sim, machine, List.of(1));
        SessionEvents session = new SessionEvents();
        ZkClient client = ZkClient.connect(runtime, SESSION_TIMEOUT_MILLIS, session);
        Participant participant = new Participant(name, machine, runtime, client, session);
        participants.add(participant);
        return participant;
    }

    /** The sessions the server holds now. */
    Set<Long> liveSessions() {
        return server.sessions().stream().map(s -> s.id()).collect(Collectors.toSet());
    }

    boolean runUntil(java.util.function.BooleanSupplier condition, long maxMillis) {
        return sim.runUntil(condition, maxMillis);
    }

    String timeline() {
        return sim.timeline().render();
    }
}
