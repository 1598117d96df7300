package dev.minizk.zabcheck;

/** Zxid arithmetic and the course's one way to print a zxid: {@code 0x1_00000005}. */
public final class Zxids {
    private Zxids() {
    }

    public static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    public static long counterOf(long zxid) {
        return zxid & 0xFFFFFFFFL;
    }

    public static long of(long epoch, long counter) {
        if (epoch < 0 || epoch > 0xFFFFFFFFL || counter < 0 || counter > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("epoch and counter must fit in 32 unsigned bits, got " + epoch + ", " + counter);
        }
        return (epoch << 32) | counter;
    }

    /** {@code 0x1_00000005} for epoch 1, counter 5 (the same text as stage 03's timelines). */
    public static String format(long zxid) {
        return String.format("0x%x_%08x", epochOf(zxid), counterOf(zxid));
    }
}
