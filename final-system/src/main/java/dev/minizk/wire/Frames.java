package dev.minizk.wire;

import java.nio.ByteBuffer;

/**
 * Framing of ZooKeeper's client protocol: every message in either direction is
 * {@code int32 length || payload}, the length counting only the payload.
 */
public final class Frames {
    /**
     * ZooKeeper's default {@code jute.maxbuffer} (0xFFFFF = 1,048,575 bytes). A frame whose
     * length is above it, or negative, closes the connection: a peer that sends one is broken
     * or hostile, and reading on would mean trusting a length we already know is wrong.
     */
    public static final int MAX_FRAME_LENGTH = 0xFFFFF;

    /** The bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;

    private Frames() {
    }

    public static boolean isValidLength(int length) {
        return length >= 0 && length <= MAX_FRAME_LENGTH;
    }

    /** The payload with its length prefix in front, ready to write to a socket. */
    public static ByteBuffer frame(byte[] payload) {
        ByteBuffer framed = ByteBuffer.allocate(LENGTH_BYTES + payload.length);
        framed.putInt(payload.length).put(payload).flip();
        return framed;
    }
}
