package dev.minizk.server;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.sim.EventQueue;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives a {@link StandaloneServer} by hand: a manual clock, timers that fire when the test
 * advances time, and an outbox per connection. Tests read like a transcript of the wire.
 */
final class ServerHarness implements ServerContext {
    private record Timer(TimerId id, TimerTag tag) {
    }

    final StandaloneServer server;
    private long now = 1_000_000;
    private long nextTimerId = 1;
    private long nextConnection = 1;
    private int nextXid = 1;
    private final EventQueue<Timer> timers = new EventQueue<>(1_000);
    private final Map<TimerId, EventQueue.Entry<Timer>> pendingTimers = new HashMap<>();
    private final Map<Long, List<ServerMessage>> outbox = new HashMap<>();
    private final Set<Long> closed = new HashSet<>();

    ServerHarness(ServerConfig config) {
        server = new StandaloneServer(config);
        server.start(this);
    }

    ServerHarness() {
        this(ServerConfig.defaults().withTtlEnabled(true));
    }

    // ---- ServerContext

    @Override
    public long now() {
        return now;
    }

    @Override
    public void send(long connection, ServerMessage message) {
        outbox.computeIfAbsent(connection, c -> new ArrayList<>()).add(message);
    }

    @Override
    public void close(long connection) {
        closed.add(connection);
    }

    @Override
    public TimerId setTimer(long delayMillis, TimerTag tag) {
        TimerId id = new TimerId(nextTimerId++);
        pendingTimers.put(id, timers.add(now + delayMillis, new Timer(id, tag)));
        return id;
    }

    @Override
    public void cancelTimer(TimerId timer) {
        timers.cancel(pendingTimers.remove(timer));
    }

    // ---- the test's side

    /** Opens a connection asking for a new session; returns the connection id. */
    long connect(int timeout) {
        return connect(ConnectRequest.newSession(timeout));
    }

    long connect(ConnectRequest request) {
        long connection = nextConnection++;
        server.onConnect(connection, "127.0.0.1", request);
        return connection;
    }

    /** The connection's ConnectResponse: its first message, so read it before the first call drains it. */
    ConnectResponse handshake(long connection) {
        return ((ServerMessage.Connected) outbox.get(connection).get(0)).response();
    }

    /** Sends a request with the next xid; returns what the connection received since the last drain. */
    List<ServerMessage> send(long connection, Request request) {
        server.onRequest(connection, nextXid++, request);
        return drain(connection);
    }

    /** Sends a request and returns its reply (the last message), failing if there is none. */
    ServerMessage.Reply call(long connection, Request request) {
        List<ServerMessage> messages = send(connection, request);
        if (messages.isEmpty() || !(messages.get(messages.size() - 1) instanceof ServerMessage.Reply reply)) {
            throw new AssertionError("no reply to " + request + ", got " + messages);
        }
        return reply;
    }

    /** Messages the connection received since the last drain. */
    List<ServerMessage> drain(long connection) {
        List<ServerMessage> messages = outbox.getOrDefault(connection, new ArrayList<>());
        outbox.put(connection, new ArrayList<>());
        return messages;
    }

    boolean isClosed(long connection) {
        return closed.contains(connection);
    }

    void disconnect(long connection) {
        closed.add(connection);
        server.onDisconnect(connection);
    }

    /** Moves the clock forward, firing every timer that falls due, in order. */
    void advance(long millis) {
        long until = now + millis;
        while (timers.nextTime() <= until) {
            EventQueue.Entry<Timer> timer = timers.poll();
            now = timer.time();
            pendingTimers.remove(timer.event().id());
            server.onTimer(timer.event().tag());
        }
        now = until;
    }
}
