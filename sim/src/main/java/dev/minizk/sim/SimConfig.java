package dev.minizk.sim;

/**
 * Everything about a simulated world that is not the scenario: the network, how far node
 * clocks drift apart, the disk, and how many events the timeline keeps.
 *
 * @param network         message delay, loss, duplication, ordering (changeable during a run)
 * @param maxClockOffset  each node's clock reads global time plus an offset drawn from [0, 2 × this) ms (only the differences between nodes matter)
 * @param maxClockDrift   each node's clock runs at a rate drawn from 1 ± this (0.01 = 1%)
 * @param minSyncDelay    a disk sync takes between this …
 * @param maxSyncDelay    … and this many ms
 * @param tornWriteRate   probability that a crash keeps a random prefix of a file's unsynced tail
 * @param timelineCapacity the timeline keeps the last this many events
 * @param minLinkDelay    a message on a client link takes between this …
 * @param maxLinkDelay    … and this many ms (links are FIFO and lose nothing while they work)
 */
public record SimConfig(NetworkFaults network, long maxClockOffset, double maxClockDrift,
                        long minSyncDelay, long maxSyncDelay, double tornWriteRate, int timelineCapacity,
                        long minLinkDelay, long maxLinkDelay) {

    public SimConfig {
        if (maxClockOffset < 0 || maxClockDrift < 0 || maxClockDrift >= 0.5) {
            throw new IllegalArgumentException("clock offset must be >= 0 and drift in [0, 0.5)");
        }
        if (minSyncDelay < 0 || maxSyncDelay < minSyncDelay) {
            throw new IllegalArgumentException("sync delays must satisfy 0 <= min <= max");
        }
        if (minLinkDelay < 0 || maxLinkDelay < minLinkDelay) {
            throw new IllegalArgumentException("link delays must satisfy 0 <= min <= max");
        }
        if (timelineCapacity < 1) {
            throw new IllegalArgumentException("timelineCapacity must be positive");
        }
    }

    /** A reliable network, synchronised clocks, a disk that syncs in 1–10 ms and never tears, client links of 1–5 ms. */
    public static SimConfig reliable() {
        return new SimConfig(NetworkFaults.reliable(), 0, 0, 1, 10, 0, 2_000, 1, 5);
    }

    public SimConfig withNetwork(NetworkFaults faults) {
        return new SimConfig(faults, maxClockOffset, maxClockDrift, minSyncDelay, maxSyncDelay, tornWriteRate, timelineCapacity, minLinkDelay, maxLinkDelay);
    }

    public SimConfig withClockSkew(long offset, double drift) {
        return new SimConfig(network, offset, drift, minSyncDelay, maxSyncDelay, tornWriteRate, timelineCapacity, minLinkDelay, maxLinkDelay);
    }

    public SimConfig withDisk(long minSync, long maxSync, double tornRate) {
        return new SimConfig(network, maxClockOffset, maxClockDrift, minSync, maxSync, tornRate, timelineCapacity, minLinkDelay, maxLinkDelay);
    }

    public SimConfig withTimelineCapacity(int capacity) {
        return new SimConfig(network, maxClockOffset, maxClockDrift, minSyncDelay, maxSyncDelay, tornWriteRate, capacity, minLinkDelay, maxLinkDelay);
    }

    public SimConfig withLinkDelay(long min, long max) {
        return new SimConfig(network, maxClockOffset, maxClockDrift, minSyncDelay, maxSyncDelay, tornWriteRate, timelineCapacity, min, max);
    }
}
