package dev.minizk.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * What waits to be written to one non-blocking socket, in order: frames handed over whole, written
 * with gathering writes as far as the socket's send buffer takes them. A client connection and a
 * peer link each have one; their owner bounds {@link #queuedBytes}.
 */
public final class OutboundQueue {
    /** How many queued buffers one gathering write hands to the kernel. */
    private static final int WRITE_BATCH = 64;

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private long queuedBytes;

    public void add(ByteBuffer buffer) {
        buffers.addLast(buffer);
        queuedBytes += buffer.remaining();
    }

    public boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** Buffers (frames) waiting. */
    public int size() {
        return buffers.size();
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /**
     * Writes until the queue is empty or the socket takes no more (then its owner waits for
     * {@code OP_WRITE}).
     */
    public void writeTo(GatheringByteChannel channel) throws IOException {
        while (!buffers.isEmpty()) {
            ByteBuffer[] batch = buffers.stream().limit(WRITE_BATCH).toArray(ByteBuffer[]::new);
            long wanted = 0;
            for (ByteBuffer buffer : batch) {
                wanted += buffer.remaining();
            }
            long written = channel.write(batch);
            queuedBytes -= written;
            while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                buffers.pollFirst();
            }
            if (written < wanted) {
                return; // the socket's send buffer is full
            }
        }
    }
}
