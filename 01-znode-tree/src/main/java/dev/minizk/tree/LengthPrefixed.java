package dev.minizk.tree;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the course writes strings and byte arrays to a snapshot or a txn log: a length, then
 * the bytes; a length of -1 for null (a node's data may be null). Reading refuses a length no
 * znode could have before allocating for it, so a corrupt file fails with an {@link IOException}
 * instead of an out-of-memory error.
 */
public final class LengthPrefixed {
    /** More than any znode's data or path (ZooKeeper's jute.maxbuffer is 1 MiB by default). */
    public static final int MAX_LENGTH = 16 * 1024 * 1024;

    private LengthPrefixed() {
    }

    public static void writeString(DataOutput out, String text) throws IOException {
        writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(DataInput in) throws IOException {
        byte[] bytes = readBytes(in);
        if (bytes == null) {
            throw new IOException("corrupt record: a string is missing");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        if (bytes == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public static byte[] readBytes(DataInput in) throws IOException {
        int length = in.readInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("corrupt record: length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
