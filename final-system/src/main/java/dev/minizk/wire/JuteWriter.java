package dev.minizk.wire;

import java.util.Arrays;
import java.util.List;

/**
 * Writes jute's binary encoding ({@code BinaryOutputArchive}): big-endian numbers,
 * length-prefixed buffers and strings with -1 for null, vectors as a count and the elements.
 * Records are their fields in order, with nothing in between.
 */
public final class JuteWriter {
    private byte[] bytes;
    private int size;

    public JuteWriter() {
        this(64);
    }

    public JuteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public JuteWriter writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public JuteWriter writeBool(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public JuteWriter writeInt(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public JuteWriter writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** A jute {@code buffer}: the length then the bytes; null is length -1. */
    public JuteWriter writeBuffer(byte[] value) {
        if (value == null) {
            return writeInt(-1);
        }
        writeInt(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    /**
     * A jute {@code ustring}: the UTF-8 byte count then the bytes; null is -1. Like ZooKeeper's
     * writer this encodes each Java char on its own, so a surrogate pair becomes two 3-byte
     * sequences rather than one 4-byte one. Byte-exactness with the real server matters more
     * than strict UTF-8, and valid znode paths cannot hold surrogates anyway.
     */
    public JuteWriter writeString(String value) {
        if (value == null) {
            return writeInt(-1);
        }
        int lengthAt = size;
        writeInt(0);
        ensure(value.length() * 3);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes[size++] = (byte) c;
            } else if (c < 0x800) {
                bytes[size++] = (byte) (0xC0 | (c >> 6));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                bytes[size++] = (byte) (0xE0 | (c >> 12));
                bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                bytes[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        int length = size - lengthAt - 4;
        bytes[lengthAt] = (byte) (length >>> 24);
        bytes[lengthAt + 1] = (byte) (length >>> 16);
        bytes[lengthAt + 2] = (byte) (length >>> 8);
        bytes[lengthAt + 3] = (byte) length;
        return this;
    }

    /** A jute {@code vector<ustring>}; null is count -1. */
    public JuteWriter writeStrings(List<String> values) {
        if (values == null) {
            return writeInt(-1);
        }
        writeInt(values.size());
        for (String value : values) {
            writeString(value);
        }
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
