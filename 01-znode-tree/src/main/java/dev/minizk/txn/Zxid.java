package dev.minizk.txn;

/**
 * A zxid is a 64-bit transaction id: the epoch of the leader that proposed the txn in the high
 * 32 bits, a counter that the leader restarts at 0 in every epoch in the low 32 bits. Comparing
 * zxids as longs orders txns by epoch, then by counter. Like ZooKeeper (whose {@code Stat} keeps
 * czxid, mzxid and pzxid as longs), the course passes zxids as plain {@code long}s; this class
 * holds the arithmetic on them, in one place.
 */
public final class Zxid {
    /** The largest epoch or counter: each is 32 unsigned bits. */
    public static final long MAX_PART = 0xFFFF_FFFFL;

    private Zxid() {
    }

    /** The zxid of txn number {@code counter} in {@code epoch}; each must fit in 32 unsigned bits. */
    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch > MAX_PART || counter < 0 || counter > MAX_PART) {
            throw new IllegalArgumentException("epoch and counter must fit in 32 unsigned bits, got " + epoch + ", " + counter);
        }
        return (epoch << 32) | counter;
    }

    public static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    public static long counterOf(long zxid) {
        return zxid & MAX_PART;
    }

    /** {@code 0x1_00000005} for epoch 1, counter 5; "none" for the non-voter's {@code Long.MIN_VALUE}. */
    public static String format(long zxid) {
        return zxid == Long.MIN_VALUE ? "none" : String.format("0x%x_%08x", epochOf(zxid), counterOf(zxid));
    }
}
