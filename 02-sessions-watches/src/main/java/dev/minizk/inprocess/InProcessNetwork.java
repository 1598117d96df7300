package dev.minizk.inprocess;

import dev.minizk.client.ClientRuntime;
import dev.minizk.client.Futures;
import dev.minizk.client.Watcher;
import dev.minizk.client.ZkClient;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.StandaloneServer;
import dev.minizk.sim.ClientMachine;
import dev.minizk.sim.Replayable;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.Timeline;
import dev.minizk.simclient.Describe;
import dev.minizk.simclient.ServerNode;
import dev.minizk.simclient.SimulatedClient;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link StandaloneServer} and any number of clients in one thread, on one virtual clock: a
 * thin layer over the course's {@link Simulator}, with the server as its one node and each
 * client on a client machine of its own ({@link SimulatedClient}).
 *
 * <p>Everything that happens is an event in the simulator's single queue, ordered by (virtual
 * time, order of scheduling): a message arriving, a timer firing, a task a client gave its loop,
 * a watcher callback. Messages take a fixed latency (0 by default), so each connection is FIFO,
 * and the same test always produces the same sequence. Nothing happens until the test runs the
 * queue: {@link #runUntilIdle()}, {@link #advance(long)}, or a sync client call (whose
 * {@link ClientRuntime#await} runs the world until its answer is there).
 *
 * <p>Faults: {@link #disconnect} drops a client's connection (both ends see it closed, messages in
 * flight are lost); {@link #partition} cuts a client off silently: its connection stalls (nothing
 * gets through, nobody is told; the client notices by its read timeout, the server by session
 * expiry), and new connections are refused until {@link #heal}. A stalled connection stays dead
 * after the heal, as a TCP connection that timed out would.
 *
 * <p>{@link #timeline()} keeps the last few hundred things that happened, with virtual times, for
 * a failing test to print: the simulator's timeline, in its one format.
 */
public final class InProcessNetwork implements Replayable {
    /** The client address every connection has, for the server's ip ACLs. */
    public static final String CLIENT_ADDRESS = "127.0.0.1";
    private static final int TIMELINE_LENGTH = 400;
    /** The server's node id. */
    private static final int SERVER = 1;

    private final Simulator<Void> sim;
    private final StandaloneServer server;
    private final ServerNode<Void> node;
    private int nextClient = 1;

    public InProcessNetwork(ServerConfig config) {
        this(config, 0);
    }

    /** @param latencyMillis how long every message takes, each way */
    public InProcessNetwork(ServerConfig config, long latencyMillis) {
        Objects.requireNonNull(config, "config must not be null");
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative, was " + latencyMillis);
        }
        this.sim = new Simulator<>(0, SimConfig.reliable().withLinkDelay(latencyMillis, latencyMillis)
                .withTimelineCapacity(TIMELINE_LENGTH));
        this.server = new StandaloneServer(config);
        this.node = new ServerNode<>(server, CLIENT_ADDRESS);
        sim.addNode(SERVER, id -> node); // never crashes here, so one node object is enough
        sim.nameNode(SERVER, "server");
        sim.describeLinkMessagesWith(Describe::linkMessage);
        sim.step(); // the server's start: it serves from the first moment
    }

    public StandaloneServer server() {
        return server;
    }

    /** The simulator underneath, for tests that add faults or look at the queue. */
    public Simulator<Void> simulator() {
        return sim;
    }

    /** The virtual time in ms; starts at 0. */
    public long now() {
        return sim.now();
    }

    // ------------------------------------------------------------------ clients

    /** A new client machine ("c1", "c2", ...): a runtime to give {@link ZkClient#connect}. */
    public ClientRuntime newClientRuntime() {
        return new SimulatedClient(sim, sim.addClient("c" + nextClient++), List.of(SERVER));
    }

    /** Connects a new client (on a new client machine) and waits for SyncConnected. */
    public ZkClient connect(int sessionTimeout, Watcher defaultWatcher) {
        return ZkClient.connect(newClientRuntime(), sessionTimeout, defaultWatcher);
    }

    /** Drops the client's connection: both ends see it closed; messages in flight are lost. */
    public void disconnect(ZkClient client) {
        for (long link : sim.linksOf(machineOf(client))) {
            sim.dropLink(link);
        }
    }

    /** Drops the connection that carries this session, from the server's side of the story. */
    public void disconnect(long sessionId) {
        for (long link : node.connectionsOf(sessionId)) {
            sim.dropLink(link);
        }
    }

    /** Cuts the client off: its connections stall, new ones are refused, until {@link #heal}. */
    public void partition(ZkClient client) {
        sim.cutOff(machineOf(client));
    }

    public void heal(ZkClient client) {
        sim.reconnect(machineOf(client));
    }

    private ClientMachine machineOf(ZkClient client) {
        Objects.requireNonNull(client, "client must not be null");
        if (client.runtime() instanceof SimulatedClient simulated && simulated.simulator() == sim) {
            return simulated.machine();
        }
        throw new IllegalArgumentException(client + " does not run on this network");
    }

    // ------------------------------------------------------------------ running the world

    /**
     * Runs until no message, task or callback is left and no timer is due: time moves only as far
     * as the messages in flight need (with latency), and later timers fire only if they fall due on
     * the way.
     */
    public void runUntilIdle() {
        sim.runUntilIdle();
    }

    /** Moves the clock forward, running everything that falls due (timers, messages) in time order. */
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative, was " + millis);
        }
        sim.runFor(millis);
    }

    /**
     * Runs the world until the future completes, at most {@code timeoutMillis} of virtual time, and
     * returns its value (or throws its failure, unwrapped). Use this, not {@code future.join()}:
     * in one thread nothing would ever complete it.
     */
    public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        Objects.requireNonNull(future, "future must not be null");
        if (!sim.runUntil(future::isDone, timeoutMillis)) {
            throw Futures.timedOut(timeoutMillis);
        }
        return Futures.resultOf(future);
    }

    // ------------------------------------------------------------------ the timeline

    /** The last few hundred deliveries, timers and faults, oldest first, each with its virtual time. */
    public List<String> timeline() {
        return sim.timeline().events().stream().map(Timeline.Event::toString).toList();
    }

    public String timelineText() {
        return String.join("\n", timeline());
    }

    /** Always 0: nothing here is drawn at random, so every run of a test is the same. */
    @Override
    public long seed() {
        return sim.seed();
    }

    @Override
    public String report(int lastEvents) {
        return sim.report(lastEvents);
    }
}
