package dev.minizk.net;

import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.server.ClientFacingServer;
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
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The client port of a real server: a non-blocking listening socket and its connections on the
 * {@link ServerLoop}'s selector. It accepts connections, cuts each byte stream into frames,
 * decodes them and hands them to the {@link ClientFacingServer}; it encodes what the server sends
 * and writes it out in order; it answers four-letter words. Only the loop thread touches it.
 *
 * <p>Bad input is contained per connection: a malformed frame, an oversized length, a socket
 * error or a client that stops reading closes that connection and nothing else. An exception
 * from the server itself is not bad input but a bug: it goes to {@link ServerLoop#fail}.
 */
final class ClientPort implements ServerLoop.Participant {
    private static final Logger log = LoggerFactory.getLogger(ClientPort.class);
    private static final long IDLE_SCAN_INTERVAL_MILLIS = 1_000;

    private final ServerLoop loop;
    private final ClientFacingServer server;
    private final RuntimeConfig config;
    private final LongSupplier wallClock;
    private final ServerSocketChannel listener;
    private final InetSocketAddress boundAddress;
    private final Map<Long, ClientConnection> connections = new LinkedHashMap<>();
    private final Set<ClientConnection> dirty = new LinkedHashSet<>();
    private final LatencyStats latency = new LatencyStats();
    /** Answers a four-letter word; set by the runtime, which knows the whole picture. */
    private FourLetterWords words;
    private long nextConnectionId = 1;
    private long nextIdleScan;
    private long packetsReceived;
    private long packetsSent;

    ClientPort(ServerLoop loop, ClientFacingServer server, RuntimeConfig config, LongSupplier wallClock) throws IOException {
        this.loop = loop;
        this.server = server;
        this.config = config;
        this.wallClock = wallClock;
        this.listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(config.bindAddress());
            listener.configureBlocking(false);
            listener.register(loop.selector(), SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        this.boundAddress = (InetSocketAddress) listener.getLocalAddress();
    }

    void answerWordsWith(FourLetterWords fourLetterWords) {
        this.words = fourLetterWords;
    }

    InetSocketAddress address() {
        return boundAddress;
    }

    // ------------------------------------------------------------------ the loop's participant

    @Override
    public void onReady(SelectionKey key) {
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        ClientConnection c = (ClientConnection) key.attachment();
        if (key.isReadable() && !c.closed && !c.closeAfterFlush) {
            onReadable(c);
        }
        if (key.isValid() && key.isWritable() && !c.closed) {
            flush(c);
        }
    }

    @Override
    public void beforeSelect() {
        closeSilentConnections();
        flushDirty();
    }

    @Override
    public void afterSelect() {
        flushDirty();
    }

    @Override
    public long maxWaitMillis() {
        return Math.max(0, nextIdleScan - wallClock.getAsLong());
    }

    @Override
    public void shutdown() {
        for (ClientConnection c : new ArrayList<>(connections.values())) {
            closeSocket(c);
        }
        connections.clear();
        closeListener();
    }

    void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ accepting

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
                SelectionKey key = channel.register(loop.selector(), SelectionKey.OP_READ);
                long id = nextConnectionId++;
                ClientConnection c = new ClientConnection(id, channel, key,
                        remote.getAddress().getHostAddress() + ":" + remote.getPort(), wallClock.getAsLong());
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

    /** Closes the connections that never sent a ConnectRequest (checked about once a second). */
    private void closeSilentConnections() {
        long now = wallClock.getAsLong();
        if (now < nextIdleScan) {
            return;
        }
        nextIdleScan = now + IDLE_SCAN_INTERVAL_MILLIS;
        for (ClientConnection c : new ArrayList<>(connections.values())) {
            if (!c.handshakeStarted && !c.closeAfterFlush && now - c.establishedAt > ServerRuntime.HANDSHAKE_TIMEOUT_MILLIS) {
                closeConnection(c, "no ConnectRequest within " + ServerRuntime.HANDSHAKE_TIMEOUT_MILLIS + " ms");
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
            while (loop.isRunning() && !c.closed && !c.closeAfterFlush && c.inbound.remaining() >= Frames.LENGTH_BYTES) {
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
            callServer(c, "a ConnectRequest", () -> server.onConnect(c.id, address, connect.request()));
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
        callServer(c, c.lastOp + " #" + frame.xid(), () -> server.onRequest(c.id, frame.xid(), request));
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        c.latency.record(millis);
        latency.record(millis);
    }

    /** A call into the server for one connection. If the server throws, it has a bug: the whole process stops. */
    private void callServer(ClientConnection c, String event, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            loop.fail("the server threw while handling " + event + " on connection " + c.id + " from " + c.remoteAddress, e);
        }
    }

    private void answerFourLetterWord(ClientConnection c, String word) {
        String text = config.allows(word)
                ? words.answer(word)
                : word + " is not executed because it is not in the whitelist.\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        c.outbound.add(ByteBuffer.wrap(bytes)); // raw text, no length prefix: that is how 4lw answers
        c.closeAfterFlush = true;
        dirty.add(c);
    }

    // ------------------------------------------------------------------ what the server sends (its ServerContext)

    /** Queues a message to a connection; a connection that is gone or going gets nothing. */
    void send(long connection, ServerMessage message) {
        ClientConnection c = connections.get(connection);
        if (c == null || c.closed || c.closeAfterFlush) {
            return; // the connection is gone or going; what was meant for it goes nowhere
        }
        c.enqueue(ServerMessageCodec.encode(message, c.readOnlyByte));
        c.packetsSent++;
        packetsSent++;
        if (message instanceof ServerMessage.Reply reply) {
            c.lastZxid = reply.zxid();
            c.lastResponseAt = wallClock.getAsLong();
        } else if (message instanceof ServerMessage.Connected connected) {
            c.sessionId = connected.response().sessionId();
            c.sessionTimeout = connected.response().timeout();
        }
        dirty.add(c);
    }

    /** Closes a connection after what was already queued to it. */
    void closeAfterFlush(long connection) {
        ClientConnection c = connections.get(connection);
        if (c != null && !c.closed) {
            c.closeAfterFlush = true; // flushDirty closes it once its queue is written
            dirty.add(c);
        }
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
            c.outbound.writeTo(c.channel); // what the socket does not take now waits for OP_WRITE
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
        } else if (c.outbound.queuedBytes() > ClientConnection.MAX_QUEUED_BYTES) {
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
    void closeConnection(ClientConnection c, String reason) {
        if (c.closed) {
            return;
        }
        if (reason != null) {
            log.debug("closing connection {} from {}: {}", c.id, c.remoteAddress, reason);
        }
        closeSocket(c);
        connections.remove(c.id);
        dirty.remove(c);
        if (c.handshakeStarted && loop.isRunning()) {
            callServer(c, "the connection's end", () -> server.onDisconnect(c.id));
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

    // ------------------------------------------------------------------ statistics, for FourLetterWords (loop thread only)

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

    void resetStats() {
        packetsReceived = 0;
        packetsSent = 0;
        latency.reset();
    }
}
