package dev.minizk.recovery;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;

/**
 * The bytes of a txn log file, after ZooKeeper's {@code FileTxnLog}. A file is named {@code
 * log.<zxid of its first txn, 16 hex digits>} (so that names sort in zxid order) and holds:
 *
 * <pre>
 *   header:  int magic "MZLG", int version, long dbid (0)
 *   record:  long adler32(payload), int length, payload (a {@link TxnCodec} txn), byte 'B'
 *   record:  ...
 * </pre>
 *
 * The checksum tells a record that was written whole from one that a crash tore or a disk
 * garbled; the trailing 'B' (ZooKeeper's {@code 0x42}) catches a length that points past the
 * record. ZooKeeper also preallocates its files in 64 MB steps of zeros so that an append does
 * not change the file's size; a simulated disk needs no such trick, so a reader here stops at
 * the end of the bytes instead of at the first zero.
 */
public final class LogFormat {
    static final int MAGIC = 0x4D5A4C47; // "MZLG"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    /** checksum, length, then after the payload the end mark. */
    static final int RECORD_OVERHEAD = 8 + 4 + 1;
    static final byte END_OF_RECORD = 0x42;
    /** A record longer than this is corruption (a txn is at most a few MB). */
    static final int MAX_PAYLOAD = 32 * 1024 * 1024;
    static final String PREFIX = "log.";

    private LogFormat() {
    }

    /** The name of the log file whose first txn has {@code zxid}. */
    public static String fileName(long zxid) {
        return PREFIX + String.format("%016x", zxid);
    }

    /** Is this a log file's name? */
    public static boolean isLogFile(String name) {
        return name.startsWith(PREFIX) && name.length() == PREFIX.length() + 16;
    }

    /** The zxid a log file's name says its first txn has. */
    public static long firstZxidOf(String name) {
        return Long.parseUnsignedLong(name.substring(PREFIX.length()), 16);
    }

    public static byte[] header() {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).putLong(0).array();
    }

    /** One txn as a log record. */
    /**
     * <p>Hint (05.1): encode the txn with {@link TxnCodec#encode}, then write the checksum of those
     * bytes ({@link #checksum}), their length, the bytes and {@link #END_OF_RECORD}, in that order.
     */
    public static byte[] record(LoggedTxn txn) {
        // BEGIN SOLUTION 05.1
        byte[] payload = TxnCodec.encode(txn);
        return ByteBuffer.allocate(RECORD_OVERHEAD + payload.length)
                .putLong(checksum(payload, 0, payload.length)).putInt(payload.length).put(payload).put(END_OF_RECORD)
                .array();
        // END SOLUTION
    }

    static long checksum(byte[] bytes, int offset, int length) {
        Adler32 adler = new Adler32();
        adler.update(bytes, offset, length);
        return adler.getValue();
    }

    /**
     * What a log file holds: its txns up to the first damage, the length of that valid prefix,
     * and what the damage was (null if the whole file is valid).
     */
    public record Scan(List<LoggedTxn> txns, int validLength, String damage) {
        public boolean damaged() {
            return damage != null;
        }
    }

    /**
     * Reads a log file's records in order and stops at the first that is not whole and valid:
     * cut short, a bad checksum, a missing end mark, a txn that does not decode, or a zxid that
     * does not follow the one before (or, for the first, the file's name). Nothing after a bad
     * record is trusted, even if it looks valid: the order of the log is its meaning.
     *
     * <p>Hint (05.1): a file shorter than {@link #HEADER_BYTES} or with the wrong magic or version
     * holds nothing valid (valid length 0). Then read records with {@link #nextRecord} from the
     * header's end while bytes remain; the first damage ends the scan at the start of that record.
     * The first txn must have the zxid the file's name says ({@link #firstZxidOf}).
     */
    public static Scan scan(String name, byte[] bytes) {
        // BEGIN SOLUTION 05.1
        List<LoggedTxn> txns = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER_BYTES) {
            return new Scan(txns, 0, "a header cut short (" + bytes.length + " bytes)");
        }
        if (in.getInt() != MAGIC || in.getInt() != VERSION) {
            return new Scan(txns, 0, "not a minizk txn log (bad magic or version)");
        }
        in.getLong(); // dbid
        long last = firstZxidOf(name) - 1;
        while (in.hasRemaining()) {
            int start = in.position();
            String damage = nextRecord(in, bytes, last, txns);
            if (damage != null) {
                return new Scan(txns, start, "at byte " + start + ": " + damage);
            }
            last = txns.get(txns.size() - 1).header().zxid();
        }
        return new Scan(txns, bytes.length, null);
        // END SOLUTION
    }

    /** Reads one record into {@code txns}, or says what is wrong with it. */
    /**
     * <p>Hint (05.1): check, in this order, that the fixed part fits, that the length is sane
     * ({@link #MAX_PAYLOAD}), that the payload and end mark fit, the end mark, the checksum, that
     * the payload decodes, and that its zxid is above {@code last} (exactly {@code last + 1} for a
     * file's first record). Return null and add the txn when all hold.
     */
    private static String nextRecord(ByteBuffer in, byte[] bytes, long last, List<LoggedTxn> txns) {
        // BEGIN SOLUTION 05.1
        if (in.remaining() < RECORD_OVERHEAD) {
            return "a record cut short";
        }
        long checksum = in.getLong();
        int length = in.getInt();
        if (length < 0 || length > MAX_PAYLOAD) {
            return "a bad length " + length;
        }
        if (in.remaining() < length + 1) {
            return "a record cut short";
        }
        int payloadAt = in.position();
        in.position(payloadAt + length);
        if (in.get() != END_OF_RECORD) {
            return "no end mark";
        }
        if (checksum(bytes, payloadAt, length) != checksum) {
            return "a bad checksum";
        }
        LoggedTxn txn;
        try {
            byte[] payload = new byte[length];
            System.arraycopy(bytes, payloadAt, payload, 0, length);
            txn = TxnCodec.decode(payload);
        } catch (IOException e) {
            return "a txn that does not decode (" + e.getMessage() + ")";
        }
        long zxid = txn.header().zxid();
        if (zxid <= last || (txns.isEmpty() && zxid != last + 1)) {
            return "zxid " + Zxid.format(zxid) + " out of order after " + Zxid.format(last);
        }
        txns.add(txn);
        return null;
        // END SOLUTION
    }
}
