package dev.minizk.inprocess;

import dev.minizk.client.Cancellable;
import dev.minizk.client.ClientRuntime;
import dev.minizk.client.Futures;
import dev.minizk.client.Transport;
import dev.minizk.client.TransportConnection;
import dev.minizk.client.TransportListener;
import dev.minizk.client.Watcher;
import dev.minizk.client.ZkClient;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ServerContext;
import dev.minizk.server.ServerTimer;
import dev.minizk.server.StandaloneServer;
import dev.minizk.sim.Replayable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One {@link StandaloneServer} and any number of clients in one thread, on one virtual clock.
 *
 * <p>Everything that happens is an event in a single queue ordered by (virtual time, order of
 * scheduling): a message arriving, a timer firing, a task a client gave its loop, a watcher
 * callback. Messages take a fixed latency (0 by default), so each connection is FIFO, and the
 * same test always produces the same sequence. Nothing happens until the test runs the queue:
 * {@link #runUntilIdle()}, {@link #advance(long)}, or a sync client call (whose
 * {@link ClientRuntime#await} runs the world until its answer is there).
 *
 * <p>Faults: {@link #disconnect} drops a client's connection (both ends see it closed, messages in
 * flight are lost); {@link #partition} cuts a client off silently: its connection stalls (nothing
 * gets through, nobody is told; the client notices by its read timeout, the server by session
 * expiry), and new connections are refused until {@link #heal}. A stalled connection stays dead
 * after the heal, as a TCP connection that timed out would.
 *
 * <p>{@link #timeline()} keeps the last few hundred things that happened, with virtual times, for
 * a failing test to print.
 */
public final class InProcessNetwork implements Replayable {
    /** The client address every connection has, for the server's ip ACLs. */
    public static final String CLIENT_ADDRESS = "127.0.0.1";
    private static final int TIMELINE_LENGTH = 400;
    /** Far more events than any test needs; hitting it means something schedules itself forever. */
    private static final long MAX_STEPS_PER_RUN = 20_000_000;

    private final StandaloneServer server;
    private final long latency;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final Map<Long, Link> links = new LinkedHashMap<>();
    private final Deque<Entry> timeline = new ArrayDeque<>();
    private long now;
    private long seq;
    private long work; // events in the queue that are not timers: "the world is busy"
    private long nextConnection = 1;
    private int nextClient = 1;
    private long steps;

    /** One thing to do at a virtual time. Timers can be cancelled; a cancelled event is skipped. */
    private static final class Event implements Cancellable {
        final long at;
        final long seq;
        final boolean timer;
        final Runnable action;
        boolean cancelled;

        Event(long at, long seq, boolean timer, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.timer = timer;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /**
     * One line of the timeline, formatted only when someone reads it: the network logs every
     * message, and formatting each would cost more than delivering it.
     */
    private record Entry(long at, String who, Object what) {
        @Override
        public String toString() {
            String text = what instanceof ServerMessage m ? Describe.message(m)
                    : what instanceof Request r ? Describe.request(r)
                    : what instanceof ConnectRequest c ? Describe.handshake(c)
                    : String.valueOf(what);
            return String.format("t=%-8d %s%s", at, who, text);
        }
    }

    /** One client connection, as both ends see it. */
    private static final class Link {
        final long id;
        final Host host;
        final TransportListener listener;
        boolean clientOpen = true;
        boolean serverOpen;
        boolean stalled; // partitioned: nothing gets through, in either direction, ever again
        long sessionId;

        Link(long id, Host host, TransportListener listener) {
            this.id = id;
            this.host = host;
            this.listener = listener;
        }

        String name() {
            return host.name + "/" + id;
        }
    }

    public InProcessNetwork(ServerConfig config) {
        this(config, 0);
    }

    /** @param latencyMillis how long every message takes, each way */
    public InProcessNetwork(ServerConfig config, long latencyMillis) {
        Objects.requireNonNull(config, "config must not be null");
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative, was " + latencyMillis);
        }
        this.latency = latencyMillis;
        this.server = new StandaloneServer(config);
        server.start(new ServerSide());
    }

    public StandaloneServer server() {
        return server;
    }

    /** The virtual time in ms; starts at 0. */
    public long now() {
        return now;
    }

    // ------------------------------------------------------------------ clients

    /** A new client machine ("c1", "c2", ...): a runtime to give {@link ZkClient#connect}. */
    public ClientRuntime newClientRuntime() {
        return new Host("c" + nextClient++);
    }

    /** Connects a new client (on a new client machine) and waits for SyncConnected. */
    public ZkClient connect(int sessionTimeout, Watcher defaultWatcher) {
        return ZkClient.connect(newClientRuntime(), sessionTimeout, defaultWatcher);
    }

    /** Drops the client's connection: both ends see it closed; messages in flight are lost. */
    public void disconnect(ZkClient client) {
        Host host = hostOf(client);
        for (Link link : List.copyOf(links.values())) {
            if (link.host == host) {
                drop(link);
            }
        }
    }

    /** Drops the connection that carries this session, from the server's side of the story. */
    public void disconnect(long sessionId) {
        for (Link link : List.copyOf(links.values())) {
            if (link.sessionId == sessionId) {
                drop(link);
            }
        }
    }

    /** Cuts the client off: its connections stall, new ones are refused, until {@link #heal}. */
    public void partition(ZkClient client) {
        Host host = hostOf(client);
        host.partitioned = true;
        for (Link link : links.values()) {
            if (link.host == host) {
                link.stalled = true;
            }
        }
        log(host.name + " partitioned");
    }

    public void heal(ZkClient client) {
        Host host = hostOf(client);
        host.partitioned = false;
        log(host.name + " healed");
    }

    private Host hostOf(ZkClient client) {
        Objects.requireNonNull(client, "client must not be null");
        if (client.runtime() instanceof Host host && host.network() == this) {
            return host;
        }
        throw new IllegalArgumentException(client + " does not run on this network");
    }

    private void drop(Link link) {
        boolean clientSees = link.clientOpen && !link.stalled;
        boolean serverSees = link.serverOpen && !link.stalled;
        link.stalled = true; // whatever is in flight is lost
        link.clientOpen = false;
        link.serverOpen = false;
        links.remove(link.id);
        log(link.name() + " dropped");
        if (serverSees) {
            schedule(0, false, () -> server.onDisconnect(link.id));
        }
        if (clientSees) {
            schedule(0, false, link.listener::onClosed);
        }
    }

    // ------------------------------------------------------------------ running the world

    /**
     * Runs until no message, task or callback is left and no timer is due: time moves only as far
     * as the messages in flight need (with latency), and later timers fire only if they fall due on
     * the way.
     */
    public void runUntilIdle() {
        long limit = steps + MAX_STEPS_PER_RUN;
        for (Event next = peek(); next != null && (work > 0 || next.at <= now); next = peek()) {
            step(limit);
        }
    }

    /** Moves the clock forward, running everything that falls due (timers, messages) in time order. */
    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative, was " + millis);
        }
        long until = now + millis;
        long limit = steps + MAX_STEPS_PER_RUN;
        for (Event next = peek(); next != null && next.at <= until; next = peek()) {
            step(limit);
        }
        now = until;
    }

    /**
     * Runs the world until the future completes, at most {@code timeoutMillis} of virtual time, and
     * returns its value (or throws its failure, unwrapped). Use this, not {@code future.join()}:
     * in one thread nothing would ever complete it.
     */
    public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        Objects.requireNonNull(future, "future must not be null");
        if (!runUntil(future::isDone, now + timeoutMillis)) {
            throw Futures.timedOut(timeoutMillis);
        }
        return Futures.resultOf(future);
    }

    /** Runs events until the condition holds or the deadline passes; whether it holds. */
    boolean runUntil(BooleanSupplier condition, long deadline) {
        long limit = steps + MAX_STEPS_PER_RUN;
        while (!condition.getAsBoolean()) {
            Event next = peek();
            if (next == null || next.at > deadline) {
                now = Math.max(now, deadline);
                return condition.getAsBoolean();
            }
            step(limit);
        }
        return true;
    }

    private Event peek() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll(); // cancelled timers are not work, so the counter is untouched
        }
        return queue.peek();
    }

    private void step(long limit) {
        Event event = peek();
        if (event == null) {
            throw new IllegalStateException("nothing left to run at t=" + now);
        }
        if (++steps > limit) {
            throw new IllegalStateException("more than " + MAX_STEPS_PER_RUN + " events in one run: something "
                    + "reschedules itself forever. Last events:\n" + timelineText());
        }
        queue.poll();
        if (!event.timer) {
            work--;
        }
        now = Math.max(now, event.at);
        event.action.run();
    }

    private Event schedule(long delay, boolean timer, Runnable action) {
        Event event = new Event(now + delay, seq++, timer, action);
        queue.add(event);
        if (!timer) {
            work++;
        }
        return event;
    }

    // ------------------------------------------------------------------ the timeline

    /** The last few hundred deliveries and faults, oldest first, each with its virtual time. */
    public List<String> timeline() {
        return timeline.stream().map(Entry::toString).toList();
    }

    public String timelineText() {
        return String.join("\n", timeline());
    }

    /** Always 0: nothing here is drawn at random, so every run of a test is the same. */
    @Override
    public long seed() {
        return 0;
    }

    @Override
    public String report(int lastEvents) {
        List<String> lines = timeline();
        return "virtual time " + now + " ms\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - lastEvents), lines.size()));
    }

    private void log(String what) {
        log(what, "");
    }

    private void log(String who, Object what) {
        if (timeline.size() == TIMELINE_LENGTH) {
            timeline.removeFirst();
        }
        timeline.addLast(new Entry(now, who, what));
    }

    // ------------------------------------------------------------------ the server's side

    private final class ServerSide implements ServerContext {
        @Override
        public long now() {
            return now;
        }

        @Override
        public void send(long connection, ServerMessage message) {
            Link link = links.get(connection);
            if (link == null || !link.serverOpen || link.stalled) {
                return; // the connection is gone or cut off: the message is lost
            }
            if (message instanceof ServerMessage.Connected connected) {
                link.sessionId = connected.response().sessionId();
            }
            schedule(latency, false, () -> {
                if (link.clientOpen && !link.stalled) {
                    log("server → " + link.name() + "  ", message);
                    link.listener.onMessage(message);
                }
            });
        }

        @Override
        public void close(long connection) {
            Link link = links.get(connection);
            if (link == null || !link.serverOpen) {
                return;
            }
            link.serverOpen = false;
            if (link.stalled) {
                return;
            }
            schedule(latency, false, () -> {
                if (link.clientOpen && !link.stalled) {
                    link.clientOpen = false;
                    links.remove(link.id);
                    log("server closed " + link.name());
                    link.listener.onClosed();
                }
            });
        }

        @Override
        public void setTimer(long delayMillis, ServerTimer timer) {
            schedule(delayMillis, true, () -> server.onTimer(timer));
        }
    }

    // ------------------------------------------------------------------ a client machine

    /** One client machine: its runtime, and the transport from it to the server. */
    private final class Host implements ClientRuntime, Transport {
        final String name;
        boolean partitioned;

        Host(String name) {
            this.name = name;
        }

        InProcessNetwork network() {
            return InProcessNetwork.this;
        }

        @Override
        public Transport transport() {
            return this;
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void execute(Runnable task) {
            InProcessNetwork.this.schedule(0, false, task);
        }

        @Override
        public Cancellable schedule(long delayMillis, Runnable task) {
            return InProcessNetwork.this.schedule(Math.max(0, delayMillis), true, task);
        }

        @Override
        public void dispatchEvent(Runnable callback) {
            InProcessNetwork.this.schedule(0, false, callback);
        }

        @Override
        public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
            return InProcessNetwork.this.await(future, timeoutMillis);
        }

        @Override
        public TransportConnection open(ConnectRequest handshake, TransportListener listener) {
            Link link = new Link(nextConnection++, this, listener);
            if (partitioned) {
                link.clientOpen = false;
                log(link.name() + " refused (partitioned)");
                InProcessNetwork.this.schedule(latency, false, listener::onClosed);
                return new ClientEnd(link);
            }
            links.put(link.id, link);
            InProcessNetwork.this.schedule(latency, false, () -> {
                if (link.clientOpen && !link.stalled) {
                    link.serverOpen = true;
                    log(link.name() + " → server  ", handshake);
                    server.onConnect(link.id, CLIENT_ADDRESS, handshake);
                }
            });
            return new ClientEnd(link);
        }

        @Override
        public String toString() {
            return "client machine " + name;
        }
    }

    /** The client's end of a link. */
    private final class ClientEnd implements TransportConnection {
        private final Link link;

        ClientEnd(Link link) {
            this.link = link;
        }

        @Override
        public void send(int xid, Request request) {
            if (!link.clientOpen || link.stalled) {
                return;
            }
            schedule(latency, false, () -> {
                if (link.serverOpen && !link.stalled) {
                    log(link.name() + " → server  #" + xid + " ", request);
                    server.onRequest(link.id, xid, request);
                }
            });
        }

        @Override
        public void close() {
            if (!link.clientOpen) {
                return;
            }
            link.clientOpen = false;
            if (link.stalled) {
                return; // the server hears nothing; it keeps the connection until the session expires or moves
            }
            schedule(latency, false, () -> {
                links.remove(link.id);
                if (link.serverOpen && !link.stalled) {
                    link.serverOpen = false;
                    log(link.name() + " closed by the client");
                    server.onDisconnect(link.id);
                }
            });
        }
    }
}
