package dev.minizk.net;

import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.server.ServerContext;
import dev.minizk.server.StandaloneServer;
import dev.minizk.sim.EventQueue;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;
import dev.minizk.wire.ConnectCodec;
import dev.minizk.wire.Frames;
import dev.minizk.wire.MalformedFrameException;
import dev.minizk.wire.RequestCodec;
import dev.minizk.wire.ServerMessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The real runtime of a standalone server: one event-loop thread that owns the
 * {@link StandaloneServer} and drives it with TCP and the wall clock. The loop accepts
 * connections, cuts the byte stream into frames, decodes them, calls the server, encodes
 * what the server sends, and fires the timers the server set. Because only this thread
 * touches the server, the server needs no locks; other threads ask for its state with
 * {@link #submit(Function)}, which runs their function on the loop and hands back a future.
 *
 * <p>Failure is contained per connection: a malformed frame, an oversized length, a socket
 * error, or even an exception thrown by the server while handling one connection's request
 * closes that connection and nothing else.
 */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);
    /** How many queued frames one gathering write hands to the kernel. */
    private static final int WRITE_BATCH = 64;
    /**
     * A connection that has not sent its ConnectRequest after this long is closed, as in
     * ZooKeeper ({@code zookeeper.nio.sessionlessCnxnTimeout}, 10 s): otherwise a client that
     * connects and says nothing would hold a socket forever.
     */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final long IDLE_SCAN_INTERVAL_MILLIS = 1_000;
    /** Far more timers than a server keeps pending; more means something sets timers without bound. */
    private static final int MAX_TIMERS = 100_000;

    private record ServerTimerEvent(TimerId id, TimerTag tag) {
    }

    private final RuntimeConfig config;
    private final StandaloneServer server;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final InetSocketAddress boundAddress;
    private final Thread thread;
    private final LoopContext context = new LoopContext();
    /** The server's timers, due times on the monotonic clock ({@link #monotonicMillis}). */
    private final EventQueue<ServerTimerEvent> timers = new EventQueue<>(MAX_TIMERS);
    private final Map<TimerId, EventQueue.Entry<ServerTimerEvent>> pendingTimers = new java.util.HashMap<>();
    private long nextTimerId = 1;
    private final Map<Long, ClientConnection> connections = new LinkedHashMap<>();
    private final Set<ClientConnection> dirty = new LinkedHashSet<>();
    /** Work from other threads; guarded by itself so nothing is queued after the loop has ended. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean running = true;
    private boolean tasksClosed;
    private long nextConnectionId = 1;
    private long lastNow;
    private long nextIdleScan;
    private final long startedAt;

    private long packetsReceived;
    private long packetsSent;
    /** Exceptions the server threw (bugs, each contained to one connection); for tests and the status page. */
    private final java.util.concurrent.atomic.AtomicLong internalErrors = new java.util.concurrent.atomic.AtomicLong();
    private final LatencyStats latency = new LatencyStats();

    private ServerRuntime(RuntimeConfig config) throws IOException {
        this.config = config;
        this.server = new StandaloneServer(config.server());
        this.startedAt = System.currentTimeMillis();
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(config.bindAddress());
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        this.boundAddress = (InetSocketAddress) listener.getLocalAddress();
        this.thread = new Thread(this::run, "minizk-loop-" + boundAddress.getPort());
    }

    /**
     * Binds the client port and starts the loop; returns once the server is serving.
     *
     * @throws IOException if the address cannot be bound (in use, say)
     */
    public static ServerRuntime start(RuntimeConfig config) throws IOException {
        ServerRuntime runtime = new ServerRuntime(config);
        runtime.thread.start();
        try {
            runtime.started.get(10, TimeUnit.SECONDS);
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
        return boundAddress.getPort();
    }

    public InetSocketAddress address() {
        return boundAddress;
    }

    /** {@code host:port} for clients; a wildcard bind is reached through loopback. */
    public String connectString() {
        String host = boundAddress.getAddress().isAnyLocalAddress()
                ? "127.0.0.1" : boundAddress.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public RuntimeConfig config() {
        return config;
    }

    public boolean isRunning() {
        return running && !terminated.isDone();
    }

    /**
     * Runs {@code query} on the loop thread, where it may read (or change) the server safely,
     * and completes the future with its result. After {@link #close()} the future fails.
     */
    public <T> CompletableFuture<T> submit(Function<StandaloneServer, T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(query.apply(server));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        synchronized (tasks) {
            if (tasksClosed) {
                result.completeExceptionally(new IllegalStateException("the server is stopped"));
                return result;
            }
            tasks.addLast(task);
        }
        selector.wakeup();
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
            List<ClientConnection> all = new ArrayList<>(connections.values());
            for (ClientConnection c : all) {
                closeConnection(c, "dropped on request");
            }
            return all.size();
        });
    }

    /** Stops the loop, closes every socket and waits for the thread (a few seconds at most). */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!thread.isAlive()) {
            shutdownResources();
        }
    }

    /** How many times the server threw while handling an event: 0 unless it has a bug. Any thread. */
    public long internalErrorCount() {
        return internalErrors.get();
    }

    /** How many client connections are open (including ones that have not done a handshake). */
    public CompletableFuture<Integer> connectionCount() {
        return submit(s -> connections.size());
    }

    /** Blocks until the loop has ended (after {@link #close()}, or a fatal error). */
    public void awaitTermination() throws InterruptedException {
        try {
            terminated.get();
        } catch (ExecutionException e) {
            // The loop ended with an error; it was logged where it happened.
        }
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        try {
            lastNow = System.currentTimeMillis();
            server.start(context);
            started.complete(null);
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            finish();
            return;
        }
        try {
            while (running) {
                runTasks();
                fireDueTimers();
                closeSilentConnections();
                flushDirty();
                long wait = millisUntilNextTimer();
                long untilScan = Math.max(0, nextIdleScan - now());
                wait = wait < 0 ? untilScan : Math.min(wait, untilScan);
                if (wait == 0 || hasTasks()) {
                    selector.selectNow();
                } else {
                    selector.select(wait < 0 ? 0 : wait);
                }
                handleSelectedKeys();
                flushDirty();
            }
        } catch (IOException | RuntimeException e) {
            log.error("the server loop stopped on an unexpected error", e);
        } finally {
            finish();
        }
    }

    private void finish() {
        running = false;
        List<Runnable> leftover;
        synchronized (tasks) {
            tasksClosed = true;
            leftover = new ArrayList<>(tasks);
            tasks.clear();
        }
        leftover.forEach(Runnable::run); // answers queries against the final state instead of leaving them hanging
        for (ClientConnection c : new ArrayList<>(connections.values())) {
            closeSocket(c);
        }
        connections.clear();
        shutdownResources();
        terminated.complete(null);
    }

    private void shutdownResources() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private boolean hasTasks() {
        synchronized (tasks) {
            return !tasks.isEmpty();
        }
    }

    private void runTasks() {
        while (true) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.pollFirst();
            }
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    private void fireDueTimers() {
        long now = monotonicMillis();
        while (timers.nextTime() <= now) {
            ServerTimerEvent timer = timers.poll().event();
            pendingTimers.remove(timer.id());
            try {
                server.onTimer(timer.tag());
            } catch (RuntimeException e) {
                // A timer that throws never re-arms itself; re-arm it so expiry does not stop for good.
                internalErrors.incrementAndGet();
                log.error("internal error in the server's {} timer; retrying in one tick", timer.tag(), e);
                context.setTimer(config.server().tickTime(), timer.tag());
            }
        }
    }

    /** ms until the next timer is due (0 if one is), or -1 if none is pending. */
    private long millisUntilNextTimer() {
        long next = timers.nextTime();
        return next == Long.MAX_VALUE ? -1 : Math.max(0, next - monotonicMillis());
    }

    /** A clock for timers that no change of the wall clock moves: ms since an arbitrary origin. */
    private static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /** Closes the connections that never sent a ConnectRequest (checked about once a second). */
    private void closeSilentConnections() {
        long now = now();
        if (now < nextIdleScan) {
            return;
        }
        nextIdleScan = now + IDLE_SCAN_INTERVAL_MILLIS;
        for (ClientConnection c : new ArrayList<>(connections.values())) {
            if (!c.handshakeStarted && !c.closeAfterFlush && now - c.establishedAt > HANDSHAKE_TIMEOUT_MILLIS) {
                closeConnection(c, "no ConnectRequest within " + HANDSHAKE_TIMEOUT_MILLIS + " ms");
            }
        }
    }

    private void handleSelectedKeys() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            try {
                if (key.isAcceptable()) {
                    acceptAll();
                    continue;
                }
                ClientConnection c = (ClientConnection) key.attachment();
                if (key.isReadable() && !c.closed && !c.closeAfterFlush) {
                    onReadable(c);
                }
                if (key.isValid() && key.isWritable() && !c.closed) {
                    flush(c);
                }
            } catch (CancelledKeyException e) {
                // closed while we were looking at it
            }
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                log.warn("accept failed: {}", e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                long id = nextConnectionId++;
                ClientConnection c = new ClientConnection(id, channel, key,
                        remote.getAddress().getHostAddress() + ":" + remote.getPort(), now());
                key.attach(c);
                connections.put(id, c);
            } catch (IOException e) {
                log.debug("could not set up an accepted connection: {}", e.getMessage());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }
    }

    // ------------------------------------------------------------------ reading

    private void onReadable(ClientConnection c) {
        int read;
        try {
            read = c.channel.read(c.inbound);
        } catch (IOException e) {
            closeConnection(c, "read failed: " + e.getMessage());
            return;
        }
        if (read < 0) {
            closeConnection(c, "the client closed the connection");
            return;
        }
        processFrames(c);
    }

    /** Cuts the bytes read so far into frames and handles each complete one. */
    private void processFrames(ClientConnection c) {
        c.inbound.flip();
        try {
            while (!c.closed && !c.closeAfterFlush && c.inbound.remaining() >= Frames.LENGTH_BYTES) {
                ByteBuffer in = c.inbound;
                int start = in.position();
                int length = in.getInt(start);
                if (!c.handshakeStarted) {
                    String word = FourLetterWords.wordOf(length);
                    if (word != null) {
                        answerFourLetterWord(c, word);
                        return;
                    }
                }
                if (!Frames.isValidLength(length)) {
                    closeConnection(c, "frame length " + length + " is outside 0.." + Frames.MAX_FRAME_LENGTH);
                    return;
                }
                if (in.remaining() < Frames.LENGTH_BYTES + length) {
                    c.ensureRoomForFrame(length);
                    return;
                }
                ByteBuffer payload = in.slice(start + Frames.LENGTH_BYTES, length);
                in.position(start + Frames.LENGTH_BYTES + length);
                handleFrame(c, payload);
            }
        } finally {
            if (!c.closed) {
                c.inbound.compact();
                if (c.inbound.position() == 0 && c.inbound.capacity() > ClientConnection.INITIAL_BUFFER) {
                    c.inbound = ByteBuffer.allocate(ClientConnection.INITIAL_BUFFER);
                }
            }
        }
    }

    private void handleFrame(ClientConnection c, ByteBuffer payload) {
        c.packetsReceived++;
        packetsReceived++;
        if (!c.handshakeStarted) {
            ConnectCodec.DecodedConnect connect;
            try {
                connect = ConnectCodec.decodeRequest(payload);
            } catch (MalformedFrameException e) {
                closeConnection(c, "malformed ConnectRequest: " + e.getMessage());
                return;
            }
            c.handshakeStarted = true;
            c.readOnlyByte = connect.hasReadOnlyByte();
            String address = c.remoteAddress.substring(0, c.remoteAddress.lastIndexOf(':'));
            callServer(c, () -> server.onConnect(c.id, address, connect.request()));
            return;
        }
        RequestCodec.ClientFrame frame;
        try {
            frame = RequestCodec.decode(payload);
        } catch (MalformedFrameException e) {
            closeConnection(c, "malformed request: " + e.getMessage());
            return;
        }
        Request request = frame.request();
        c.lastOp = request.getClass().getSimpleName();
        c.lastXid = frame.xid();
        long startedNanos = System.nanoTime();
        callServer(c, () -> server.onRequest(c.id, frame.xid(), request));
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        c.latency.record(millis);
        latency.record(millis);
    }

    /** A server call for one connection; if the server throws, that connection (only) is closed. */
    private void callServer(ClientConnection c, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            internalErrors.incrementAndGet();
            log.error("internal error while handling connection {} from {}; closing it", c.id, c.remoteAddress, e);
            closeConnection(c, "internal error");
        }
    }

    private void answerFourLetterWord(ClientConnection c, String word) {
        String text = config.allows(word)
                ? new FourLetterWords(this).answer(word)
                : word + " is not executed because it is not in the whitelist.\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        c.outbound.addLast(ByteBuffer.wrap(bytes)); // raw text, no length prefix: that is how 4lw answers
        c.queuedBytes += bytes.length;
        c.closeAfterFlush = true;
        dirty.add(c);
    }

    // ------------------------------------------------------------------ writing

    private void flushDirty() {
        while (!dirty.isEmpty()) {
            List<ClientConnection> batch = new ArrayList<>(dirty);
            dirty.clear();
            for (ClientConnection c : batch) {
                if (!c.closed) {
                    flush(c);
                }
            }
        }
    }

    private void flush(ClientConnection c) {
        try {
            while (!c.outbound.isEmpty()) {
                ByteBuffer[] batch = c.outbound.stream().limit(WRITE_BATCH).toArray(ByteBuffer[]::new);
                long wanted = 0;
                for (ByteBuffer buffer : batch) {
                    wanted += buffer.remaining();
                }
                long written = c.channel.write(batch);
                c.queuedBytes -= written;
                while (!c.outbound.isEmpty() && !c.outbound.peekFirst().hasRemaining()) {
                    c.outbound.pollFirst();
                }
                if (written < wanted) {
                    break; // the socket's send buffer is full; OP_WRITE tells us when it drains
                }
            }
        } catch (IOException e) {
            closeConnection(c, "write failed: " + e.getMessage());
            return;
        }
        if (c.outbound.isEmpty()) {
            if (c.closeAfterFlush) {
                closeConnection(c, null);
                return;
            }
            setInterest(c, SelectionKey.OP_READ);
        } else if (c.queuedBytes > ClientConnection.MAX_QUEUED_BYTES) {
            closeConnection(c, "more than " + ClientConnection.MAX_QUEUED_BYTES + " bytes queued; the client is not reading");
        } else {
            setInterest(c, c.closeAfterFlush ? SelectionKey.OP_WRITE : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private static void setInterest(ClientConnection c, int ops) {
        if (c.key.isValid() && c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes a connection at once and tells the server it is gone (which it ignores if it
     * closed the connection itself). {@code reason} is logged; null for an ordinary close.
     */
    private void closeConnection(ClientConnection c, String reason) {
        if (c.closed) {
            return;
        }
        if (reason != null) {
            log.debug("closing connection {} from {}: {}", c.id, c.remoteAddress, reason);
        }
        closeSocket(c);
        connections.remove(c.id);
        dirty.remove(c);
        if (c.handshakeStarted) {
            try {
                server.onDisconnect(c.id);
            } catch (RuntimeException e) {
                log.error("internal error while the server forgot connection {}", c.id, e);
            }
        }
    }

    private static void closeSocket(ClientConnection c) {
        c.closed = true;
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ what the server sees

    /** The wall clock, never going backwards (a stepped clock must not confuse session expiry). */
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
            ClientConnection c = connections.get(connection);
            if (c == null || c.closed || c.closeAfterFlush) {
                return; // the connection is gone or going; what was meant for it goes nowhere
            }
            c.enqueue(ServerMessageCodec.encode(message, c.readOnlyByte));
            c.packetsSent++;
            packetsSent++;
            if (message instanceof ServerMessage.Reply reply) {
                c.lastZxid = reply.zxid();
                c.lastResponseAt = ServerRuntime.this.now();
            } else if (message instanceof ServerMessage.Connected connected) {
                c.sessionId = connected.response().sessionId();
                c.sessionTimeout = connected.response().timeout();
            }
            dirty.add(c);
        }

        @Override
        public void close(long connection) {
            ClientConnection c = connections.get(connection);
            if (c != null && !c.closed) {
                c.closeAfterFlush = true; // after what was already sent to it; flushDirty closes it
                dirty.add(c);
            }
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            TimerId id = new TimerId(nextTimerId++);
            pendingTimers.put(id, timers.add(monotonicMillis() + Math.max(0, delayMillis), new ServerTimerEvent(id, tag)));
            return id;
        }

        @Override
        public void cancelTimer(TimerId timer) {
            timers.cancel(pendingTimers.remove(timer));
        }
    }

    // ------------------------------------------------------------------ for FourLetterWords (loop thread only)

    StandaloneServer server() {
        return server;
    }

    Collection<ClientConnection> connections() {
        return connections.values();
    }

    long packetsReceived() {
        return packetsReceived;
    }

    long packetsSent() {
        return packetsSent;
    }

    LatencyStats latency() {
        return latency;
    }

    long startedAt() {
        return startedAt;
    }

    void resetStats() {
        packetsReceived = 0;
        packetsSent = 0;
        latency.reset();
    }
}
