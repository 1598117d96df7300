package dev.minizk.sim;

/**
 * How the network treats each message: a delay drawn uniformly from
 * {@code [minDelay, maxDelay]} ms, lost with probability {@code lossRate}, delivered twice with
 * probability {@code duplicateRate}. With {@code fifo}, messages on one link (a, b) arrive in
 * the order they were sent, as over TCP; without it the random delays reorder them.
 */
public record NetworkFaults(long minDelay, long maxDelay, double lossRate, double duplicateRate, boolean fifo) {

    public NetworkFaults {
        if (minDelay < 0 || maxDelay < minDelay) {
            throw new IllegalArgumentException("delays must satisfy 0 <= minDelay <= maxDelay, got " + minDelay + ", " + maxDelay);
        }
        if (lossRate < 0 || lossRate >= 1 || duplicateRate < 0 || duplicateRate >= 1) {
            throw new IllegalArgumentException("lossRate and duplicateRate must be in [0, 1), got " + lossRate + ", " + duplicateRate);
        }
    }

    /** 1–5 ms, nothing lost, nothing duplicated, in order: a quiet LAN. */
    public static NetworkFaults reliable() {
        return new NetworkFaults(1, 5, 0, 0, true);
    }

    public NetworkFaults withDelay(long min, long max) {
        return new NetworkFaults(min, max, lossRate, duplicateRate, fifo);
    }

    public NetworkFaults withLoss(double rate) {
        return new NetworkFaults(minDelay, maxDelay, rate, duplicateRate, fifo);
    }

    public NetworkFaults withDuplicates(double rate) {
        return new NetworkFaults(minDelay, maxDelay, lossRate, rate, fifo);
    }

    public NetworkFaults withReordering() {
        return new NetworkFaults(minDelay, maxDelay, lossRate, duplicateRate, false);
    }
}
