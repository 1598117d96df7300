package dev.minizk.net;

import dev.minizk.proto.ServerMessage;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerContext;
import dev.minizk.sim.EventQueue;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The real runtime of a server process: a {@link ClientFacingServer} (stage 04's replica, standalone
 * or a member of an ensemble) driven with TCP and the wall clock. It is three parts:
 * <ul>
 * <li>the {@link ServerLoop}: one thread, the selector, work from other threads, timers on a
 * monotonic clock, fail-stop;</li>
 * <li>the {@link ClientPort}: the listening socket and the client connections, frames,
 * four-letter words;</li>
 * <li>this class: the server's {@link ServerContext} (its clock, its messages and timers) and the
 * process's API: start, stop, queries for the status page.</li>
 * </ul>
 * Because only the loop thread touches the server, the server needs no locks; other threads ask
 * for its state with {@link #submit(Function)}.
 *
 * <p>Bad input is contained per connection (see {@link ClientPort}). An exception from the server
 * is a bug: the runtime stops at once, logs the cause once, and {@link #failure()} tells why.
 */
public final class ServerRuntime implements AutoCloseable {
    /**
     * A connection that has not sent its ConnectRequest after this long is closed, as in
     * ZooKeeper ({@code zookeeper.nio.sessionlessCnxnTimeout}, 10 s): otherwise a client that
     * connects and says nothing would hold a socket forever.
     */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final RuntimeConfig config;
    private final ClientFacingServer server;
    private final ServerLoop loop;
    private final ClientPort port;
    private final Map<TimerId, EventQueue.Entry<ServerLoop.Timer>> timers = new HashMap<>();
    private final long startedAt;
    private long nextTimerId = 1;
    private long lastNow;

    private ServerRuntime(RuntimeConfig config, ClientFacingServer server) throws IOException {
        this.config = config;
        this.server = server;
        this.startedAt = System.currentTimeMillis();
        this.loop = new ServerLoop();
        try {
            this.port = new ClientPort(loop, server, config, this::now);
        } catch (IOException e) {
            loop.selector().close();
            throw e;
        }
        port.answerWordsWith(new FourLetterWords(this));
    }

    /**
     * Binds the client port and starts the loop with {@code server} (a replica, standalone or a
     * member of an ensemble: see {@code EnsembleServer}; or a test's); returns once the loop runs.
     *
     * @throws IOException if the address cannot be bound (in use, say)
     */
    public static ServerRuntime start(RuntimeConfig config, ClientFacingServer server) throws IOException {
        return start(config, server, loop -> null);
    }

    /**
     * What a server needs on the loop besides its client port (an ensemble's server: its peer
     * links, its disk's completions). Called once, before the loop starts, on the caller's thread.
     */
    @FunctionalInterface
    public interface LoopExtension {
        /** Sets up on {@code loop}; returns a participant to drive (peer sockets), or null. */
        ServerLoop.Participant attach(ServerLoop loop) throws IOException;
    }

    /** The same, with more on the loop than the client port: see {@link LoopExtension}. */
    public static ServerRuntime start(RuntimeConfig config, ClientFacingServer server, LoopExtension extension) throws IOException {
        ServerRuntime runtime = new ServerRuntime(config, server);
        ServerLoop.Participant more;
        try {
            more = extension.attach(runtime.loop);
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
        if (more != null) {
            runtime.loop.addParticipant(more);
        }
        runtime.loop.start("minizk-loop-" + runtime.port(), runtime.port, () -> {
            runtime.lastNow = System.currentTimeMillis();
            server.start(runtime.new LoopContext());
        });
        try {
            runtime.loop.started().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runtime.close();
            throw new IOException("interrupted while starting the server", e);
        } catch (ExecutionException | TimeoutException e) {
            runtime.close();
            throw new IOException("the server failed to start: " + e.getMessage(), e);
        }
        return runtime;
    }

    public int port() {
        return port.address().getPort();
    }

    public InetSocketAddress address() {
        return port.address();
    }

    /** {@code host:port} for clients; a wildcard bind is reached through loopback. */
    public String connectString() {
        InetSocketAddress bound = port.address();
        String host = bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public RuntimeConfig config() {
        return config;
    }

    public boolean isRunning() {
        return loop.isRunning();
    }

    /** Why the runtime stopped by itself (the server threw), if it did. Any thread. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(loop.failure());
    }

    /**
     * Runs {@code query} on the loop thread, where it may read (or change) the server safely,
     * and completes the future with its result. After {@link #close()} the future fails.
     */
    public <T> CompletableFuture<T> submit(Function<ClientFacingServer, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = loop.execute(() -> {
            try {
                result.complete(query.apply(server));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("the server is stopped"));
        }
        return result;
    }

    /** A four-letter word's answer (as {@code echo srvr | nc} would show it), for the status page. */
    public CompletableFuture<String> fourLetterWord(String word) {
        return submit(s -> new FourLetterWords(this).answer(word));
    }

    /**
     * Closes every client connection, as a network failure would; sessions live on and their
     * clients reconnect. Completes with the number of connections closed.
     */
    public CompletableFuture<Integer> dropClientConnections() {
        return submit(s -> {
            List<ClientConnection> all = new ArrayList<>(port.connections());
            for (ClientConnection c : all) {
                port.closeConnection(c, "dropped on request");
            }
            return all.size();
        });
    }

    /** Stops the loop, closes every socket and waits for the thread (a few seconds at most). */
    @Override
    public void close() {
        loop.close();
        port.closeListener(); // in case the loop never ran; closing twice is harmless
    }

    /**
     * How many times the server threw while handling an event: 0 unless it has a bug, and at most
     * 1, since the first one stops the runtime. Any thread.
     */
    public long internalErrorCount() {
        return loop.failure() == null ? 0 : 1;
    }

    /** How many client connections are open (including ones that have not done a handshake). */
    public CompletableFuture<Integer> connectionCount() {
        return submit(s -> port.connections().size());
    }

    /** Blocks until the loop has ended (after {@link #close()}, or a failure). */
    public void awaitTermination() throws InterruptedException {
        loop.awaitTermination();
    }

    // ------------------------------------------------------------------ what the server sees

    /** The wall clock, never going backwards: it becomes ctime/mtime, which must not go back either. */
    private long now() {
        lastNow = Math.max(lastNow, System.currentTimeMillis());
        return lastNow;
    }

    /** The server's window on the world; every call comes from the loop thread. */
    private final class LoopContext implements ServerContext {
        @Override
        public long now() {
            return ServerRuntime.this.now();
        }

        @Override
        public void send(long connection, ServerMessage message) {
            port.send(connection, message);
        }

        @Override
        public void close(long connection) {
            port.closeAfterFlush(connection);
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            TimerId id = new TimerId(nextTimerId++);
            timers.put(id, loop.setTimer(delayMillis, () -> {
                timers.remove(id);
                try {
                    server.onTimer(tag);
                } catch (RuntimeException e) {
                    loop.fail("the server threw on its " + tag + " timer", e);
                }
            }));
            return id;
        }

        @Override
        public void cancelTimer(TimerId timer) {
            loop.cancelTimer(timers.remove(timer));
        }
    }

    // ------------------------------------------------------------------ for FourLetterWords and the status page (loop thread only)

    ClientFacingServer server() {
        return server;
    }

    Collection<ClientConnection> connections() {
        return port.connections();
    }

    long packetsReceived() {
        return port.packetsReceived();
    }

    long packetsSent() {
        return port.packetsSent();
    }

    LatencyStats latency() {
        return port.latency();
    }

    long startedAt() {
        return startedAt;
    }

    void resetStats() {
        port.resetStats();
    }
}
