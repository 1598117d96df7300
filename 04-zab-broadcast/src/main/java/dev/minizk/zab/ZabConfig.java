package dev.minizk.zab;

/**
 * Zab's timing and its one queue bound, in ZooKeeper's terms: time is counted in ticks.
 *
 * @param tickMillis               one tick ({@code tickTime}, 2000 in ZooKeeper; the simulator uses less)
 * @param initLimit                ticks a leader may take to get a quorum through discovery and
 *                                 synchronization, and a learner to get there ({@code initLimit})
 * @param syncLimit                ticks a leader and a synchronized learner may go without hearing
 *                                 from each other ({@code syncLimit})
 * @param maxOutstandingProposals  proposals the leader keeps in flight (sent, not yet committed);
 *                                 past it, {@link Leader#canPropose} says no and the caller must
 *                                 hold new writes back (ZooKeeper's {@code globalOutstandingLimit}
 *                                 plays this part: the server stops reading from clients)
 */
public record ZabConfig(long tickMillis, int initLimit, int syncLimit, int maxOutstandingProposals) {

    public ZabConfig {
        if (tickMillis <= 0 || initLimit <= 0 || syncLimit <= 0 || maxOutstandingProposals <= 0) {
            throw new IllegalArgumentException("tickMillis, initLimit, syncLimit and maxOutstandingProposals must be positive, got "
                    + tickMillis + ", " + initLimit + ", " + syncLimit + ", " + maxOutstandingProposals);
        }
    }

    /** The simulator's timings: 100 ms ticks, 1 s to establish, 500 ms of silence to give up. */
    public static ZabConfig simulated() {
        return new ZabConfig(100, 10, 5, 1_000);
    }

    public ZabConfig withMaxOutstandingProposals(int max) {
        return new ZabConfig(tickMillis, initLimit, syncLimit, max);
    }
}
