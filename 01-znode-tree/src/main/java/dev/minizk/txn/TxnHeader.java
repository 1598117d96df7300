package dev.minizk.txn;

/**
 * What every txn carries besides its body: who asked ({@code sessionId}, {@code cxid}),
 * its place in the global order ({@code zxid}) and the leader's clock when it was made
 * ({@code time}, which becomes ctime/mtime).
 */
public record TxnHeader(long sessionId, int cxid, long zxid, long time) {

    /** The epoch is the high 32 bits of a zxid; the counter within the epoch the low 32. */
    public static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    public static long counterOf(long zxid) {
        return zxid & 0xFFFF_FFFFL;
    }

    public static long zxid(long epoch, long counter) {
        return (epoch << 32) | counter;
    }
}
