package dev.minizk.history;

/** The course's one way to print a zxid: {@code 0x1_00000005} (epoch 1, counter 5). */
final class Zxids {
    private Zxids() {
    }

    static String format(long zxid) {
        return String.format("0x%x_%08x", zxid >>> 32, zxid & 0xFFFFFFFFL);
    }
}
