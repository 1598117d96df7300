package dev.minizk.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A snapshot file, after ZooKeeper's {@code FileSnap}: named {@code snapshot.<start zxid, 16 hex
 * digits>}, holding
 *
 * <pre>
 *   int magic "MZSS", int version, long startZxid, long endZxid, int length,
 *   body (the state in {@code TreeState}'s format: the tree, then the sessions),
 *   long adler32 of everything before it
 * </pre>
 *
 * A fuzzy snapshot is a walk of the tree while txns keep changing it: {@code startZxid} is what
 * the state had delivered when the walk began (replay from the next txn), {@code endZxid} what
 * it had delivered when the walk ended (the image may hold any txn up to it, so recovery must
 * replay at least that far before anyone reads the tree). The checksum at the end tells a
 * snapshot written whole from one a crash cut short.
 */
public final class SnapshotFormat {
    static final int MAGIC = 0x4D5A5353; // "MZSS"
    static final int VERSION = 1;
    private static final int FIXED_BYTES = 4 + 4 + 8 + 8 + 4 + 8;
    static final String PREFIX = "snapshot.";

    private SnapshotFormat() {
    }

    /** A snapshot read back. */
    public record Snapshot(long startZxid, long endZxid, byte[] body) {
    }

    public static String fileName(long startZxid) {
        return PREFIX + String.format("%016x", startZxid);
    }

    public static boolean isSnapshotFile(String name) {
        return name.startsWith(PREFIX) && name.length() == PREFIX.length() + 16;
    }

    public static long zxidOf(String name) {
        return Long.parseUnsignedLong(name.substring(PREFIX.length()), 16);
    }

    public static byte[] encode(long startZxid, long endZxid, byte[] body) {
        if (endZxid < startZxid) {
            throw new IllegalArgumentException("a snapshot cannot end (" + endZxid + ") before it starts (" + startZxid + ")");
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + body.length)
                .putInt(MAGIC).putInt(VERSION).putLong(startZxid).putLong(endZxid).putInt(body.length).put(body);
        out.putLong(LogFormat.checksum(out.array(), 0, out.position()));
        return out.array();
    }

    /** Reads a snapshot file; a file cut short, garbled or of another kind is an IOException naming why. */
    public static Snapshot decode(byte[] bytes) throws IOException {
        if (bytes.length < FIXED_BYTES) {
            throw new IOException("cut short (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC || in.getInt() != VERSION) {
            throw new IOException("not a minizk snapshot (bad magic or version)");
        }
        long start = in.getLong();
        long end = in.getLong();
        int length = in.getInt();
        if (length != bytes.length - FIXED_BYTES) {
            throw new IOException("cut short or overlong: the body should have " + length + " bytes, the file has room for "
                    + (bytes.length - FIXED_BYTES));
        }
        byte[] body = new byte[length];
        in.get(body);
        if (in.getLong() != LogFormat.checksum(bytes, 0, bytes.length - 8)) {
            throw new IOException("a bad checksum");
        }
        if (end < start) {
            throw new IOException("it ends before it starts");
        }
        return new Snapshot(start, end, body);
    }
}
