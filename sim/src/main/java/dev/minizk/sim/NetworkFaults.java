package dev.minizk.sim;

/**
 * How the network treats each message: a delay drawn uniformly from
 * {@code [minDelay, maxDelay]} ms, lost with probability {@code lossRate}, delivered twice with
 * probability {@code duplicateRate}. With {@code fifo}, messages on one link (a, b) arrive in
 * the order they were sent, as over TCP; without it the random delays reorder them.
 *
 * <p>With {@code connections} (which implies {@code fifo}), the link between two servers behaves
 * like a TCP connection: anything that loses a message on it (a partition, a one-way cut, a
 * crash, a lost packet) breaks the connection, loses everything still in flight on it in both
 * directions, and both ends learn it ({@link Node#onPeerLinkBroken}); the next message opens a
 * new connection. Without it (stage 03's world) a message is lost alone and nobody is told.
 */
public record NetworkFaults(long minDelay, long maxDelay, double lossRate, double duplicateRate, boolean fifo, boolean connections) {

    public NetworkFaults {
        if (minDelay < 0 || maxDelay < minDelay) {
            throw new IllegalArgumentException("delays must satisfy 0 <= minDelay <= maxDelay, got " + minDelay + ", " + maxDelay);
        }
        if (lossRate < 0 || lossRate >= 1 || duplicateRate < 0 || duplicateRate >= 1) {
            throw new IllegalArgumentException("lossRate and duplicateRate must be in [0, 1), got " + lossRate + ", " + duplicateRate);
        }
        if (connections && !fifo) {
            throw new IllegalArgumentException("connections are FIFO: a network with connections cannot reorder");
        }
    }

    /** Messages without connections: each one is lost alone, silently (stage 03's network). */
    public NetworkFaults(long minDelay, long maxDelay, double lossRate, double duplicateRate, boolean fifo) {
        this(minDelay, maxDelay, lossRate, duplicateRate, fifo, false);
    }

    /** 1–5 ms, nothing lost, nothing duplicated, in order: a quiet LAN. */
    public static NetworkFaults reliable() {
        return new NetworkFaults(1, 5, 0, 0, true);
    }

    public NetworkFaults withDelay(long min, long max) {
        return new NetworkFaults(min, max, lossRate, duplicateRate, fifo, connections);
    }

    public NetworkFaults withLoss(double rate) {
        return new NetworkFaults(minDelay, maxDelay, rate, duplicateRate, fifo, connections);
    }

    public NetworkFaults withDuplicates(double rate) {
        return new NetworkFaults(minDelay, maxDelay, lossRate, rate, fifo, connections);
    }

    public NetworkFaults withReordering() {
        if (connections) {
            throw new IllegalStateException("connections are FIFO: a network with connections cannot reorder");
        }
        return new NetworkFaults(minDelay, maxDelay, lossRate, duplicateRate, false, false);
    }

    /** Peer links become TCP-like connections (see the class comment); FIFO, as TCP is. */
    public NetworkFaults withConnections() {
        return new NetworkFaults(minDelay, maxDelay, lossRate, duplicateRate, true, true);
    }
}
