package dev.minizk.net;

import dev.minizk.wire.Frames;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One TCP connection as the event loop sees it: the socket, the bytes read but not yet framed,
 * the frames waiting to be written, and the counters {@code cons} and {@code stat} report.
 * Only the loop thread touches it.
 */
final class ClientConnection {
    /** Most frames are small; a buffer grows for a big one and shrinks back when it is empty again. */
    static final int INITIAL_BUFFER = 64 * 1024;
    /**
     * A client that stops reading while the server keeps sending (notifications, say) would
     * make the server buffer without end; past this many queued bytes the connection is closed.
     */
    static final long MAX_QUEUED_BYTES = 32L * 1024 * 1024;

    final long id;
    final SocketChannel channel;
    final SelectionKey key;
    final String remoteAddress;
    final long establishedAt;

    ByteBuffer inbound = ByteBuffer.allocate(INITIAL_BUFFER);
    final OutboundQueue outbound = new OutboundQueue();

    /** The ConnectRequest has been read and handed to the server; frames are requests from now on. */
    boolean handshakeStarted;
    /** Whether the ConnectRequest carried the readOnly byte, so the ConnectResponse must too. */
    boolean readOnlyByte;
    /** No more input is read; the connection closes once its queued output is written. */
    boolean closeAfterFlush;
    boolean closed;

    long sessionId;
    int sessionTimeout;
    long packetsReceived;
    long packetsSent;
    String lastOp = "NA";
    int lastXid = -1;
    long lastZxid = -1;
    long lastResponseAt;
    final LatencyStats latency = new LatencyStats();

    ClientConnection(long id, SocketChannel channel, SelectionKey key, String remoteAddress, long establishedAt) {
        this.id = id;
        this.channel = channel;
        this.key = key;
        this.remoteAddress = remoteAddress;
        this.establishedAt = establishedAt;
    }

    void enqueue(byte[] payload) {
        outbound.add(Frames.frame(payload));
    }

    /** Makes room in {@link #inbound} for a whole frame of this payload length (it is in read mode). */
    void ensureRoomForFrame(int payloadLength) {
        int needed = Frames.LENGTH_BYTES + payloadLength;
        if (inbound.capacity() < needed) {
            ByteBuffer bigger = ByteBuffer.allocate(needed);
            bigger.put(inbound);
            bigger.flip();
            inbound = bigger;
        }
    }
}
