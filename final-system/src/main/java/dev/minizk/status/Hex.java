package dev.minizk.status;

/**
 * Hex spellings of 64-bit ids. Zxids and session ids are shown in hex, as ZooKeeper's own
 * tools do, and travel as strings in JSON because JavaScript numbers lose precision above
 * 2^53 (a session id's top byte is the server id, so most ids are above it).
 */
final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** {@code 0x1a}: a zxid or session id the way zkCli and the four-letter words print it. */
    static String id(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Two lowercase digits per byte, no separators, for at most {@code limit} bytes. */
    static String bytes(byte[] data, int limit) {
        int n = Math.min(data.length, limit);
        char[] out = new char[2 * n];
        for (int i = 0; i < n; i++) {
            out[2 * i] = DIGITS[(data[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[data[i] & 0xF];
        }
        return new String(out);
    }
}
