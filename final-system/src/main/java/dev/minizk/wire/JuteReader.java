package dev.minizk.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads jute's binary encoding ({@code BinaryInputArchive}) from one frame's payload. Every
 * length is checked against what is left of the frame before anything is allocated, so a
 * hostile length can neither run past the frame nor make the server allocate gigabytes.
 */
public final class JuteReader {
    private final ByteBuffer in;

    /** Reads from the buffer's position to its limit; the buffer's position moves. */
    public JuteReader(ByteBuffer payload) {
        this.in = payload;
    }

    public int remaining() {
        return in.remaining();
    }

    public boolean hasRemaining() {
        return in.hasRemaining();
    }

    public byte readByte(String field) throws MalformedFrameException {
        need(1, field);
        return in.get();
    }

    /** jute writes 0 or 1; like ZooKeeper's reader, any non-zero byte reads as true. */
    public boolean readBool(String field) throws MalformedFrameException {
        return readByte(field) != 0;
    }

    public int readInt(String field) throws MalformedFrameException {
        need(4, field);
        return in.getInt();
    }

    public long readLong(String field) throws MalformedFrameException {
        need(8, field);
        return in.getLong();
    }

    /** A jute {@code buffer}; length -1 is null. */
    public byte[] readBuffer(String field) throws MalformedFrameException {
        int length = readLength(field);
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        in.get(value);
        return value;
    }

    /** A jute {@code ustring}, decoded as UTF-8 (malformed sequences become U+FFFD); -1 is null. */
    public String readString(String field) throws MalformedFrameException {
        int length = readLength(field);
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A jute {@code vector<ustring>}; count -1 is null. */
    public List<String> readStrings(String field) throws MalformedFrameException {
        int count = readCount(field, 4);
        if (count < 0) {
            return null;
        }
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString(field + "[" + i + "]"));
        }
        return values;
    }

    /**
     * A vector's element count: -1 (null) or a count that could fit in what is left of the
     * frame, given the smallest encoding of one element.
     */
    public int readCount(String field, int minElementBytes) throws MalformedFrameException {
        int count = readInt(field + " count");
        if (count == -1) {
            return -1;
        }
        if (count < 0 || (long) count * minElementBytes > in.remaining()) {
            throw new MalformedFrameException(field + ": vector count " + count
                    + " does not fit in the " + in.remaining() + " bytes left");
        }
        return count;
    }

    private int readLength(String field) throws MalformedFrameException {
        int length = readInt(field + " length");
        if (length == -1) {
            return -1;
        }
        if (length < 0 || length > in.remaining()) {
            throw new MalformedFrameException(field + ": length " + length
                    + " does not fit in the " + in.remaining() + " bytes left");
        }
        return length;
    }

    private void need(int bytes, String field) throws MalformedFrameException {
        if (in.remaining() < bytes) {
            throw new MalformedFrameException(field + ": frame ends " + (bytes - in.remaining()) + " byte(s) early");
        }
    }
}
