package dev.minizk.client;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.sim.TimerId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A runtime with no server behind it: the test plays the server by hand, reading what the client
 * sent and answering (or not). A manual clock; tasks, callbacks and timers run when the test says.
 */
final class ScriptedRuntime implements ClientRuntime, Transport {
    record Sent(int xid, Request request) {
    }

    final List<ConnectRequest> handshakes = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final TreeMap<Long, List<Runnable>> timers = new TreeMap<>();
    private final Set<TimerId> cancelled = new HashSet<>();
    private long nextTimer = 1;
    private TransportListener listener;
    int closedByClient;
    /** If set, the answer the next connection gets at once (used once). */
    ServerMessage answerNextConnect;
    long now;

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
        tasks.add(task);
    }

    @Override
    public TimerId schedule(long delayMillis, Runnable task) {
        TimerId id = new TimerId(nextTimer++);
        timers.computeIfAbsent(now + delayMillis, t -> new ArrayList<>()).add(() -> {
            if (!cancelled.remove(id)) {
                task.run();
            }
        });
        return id;
    }

    @Override
    public void cancel(TimerId timer) {
        cancelled.add(timer);
    }

    @Override
    public void dispatchEvent(Runnable callback) {
        tasks.add(callback);
    }

    @Override
    public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        run();
        if (!future.isDone()) {
            throw Futures.timedOut(timeoutMillis);
        }
        return Futures.resultOf(future);
    }

    @Override
    public TransportConnection open(ConnectRequest handshake, TransportListener listener) {
        handshakes.add(handshake);
        this.listener = listener;
        if (answerNextConnect != null) {
            ServerMessage answer = answerNextConnect;
            answerNextConnect = null;
            tasks.add(() -> listener.onMessage(answer));
        }
        return new TransportConnection() {
            @Override
            public void send(int xid, Request request) {
                sent.add(new Sent(xid, request));
            }

            @Override
            public void close() {
                closedByClient++;
            }
        };
    }

    /** The server's side: a message to the client on the latest connection. */
    void reply(ServerMessage message) {
        TransportListener to = listener;
        tasks.add(() -> to.onMessage(message));
        run();
    }

    void run() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    void advance(long millis) {
        long until = now + millis;
        run();
        while (!timers.isEmpty() && timers.firstKey() <= until) {
            var entry = timers.pollFirstEntry();
            now = entry.getKey();
            entry.getValue().forEach(Runnable::run);
            run();
        }
        now = until;
    }
}
