package dev.minizk.recovery;

/**
 * How often and how a server snapshots, in ZooKeeper's terms.
 *
 * @param snapCount          a snapshot is started after a random count of txns in
 *                           {@code [snapCount/2, snapCount)} logged since the last one, so that the
 *                           servers of an ensemble, which log the same txns, do not all snapshot
 *                           at once ({@code zookeeper.snapCount}, 100,000 in ZooKeeper)
 * @param snapRetainCount    snapshots kept when old ones are purged, with the log files they
 *                           need ({@code autopurge.snapRetainCount})
 * @param nodesPerStep       tree nodes a fuzzy snapshot writes per step
 * @param stepMillis         time between two steps: txns are applied between them
 */
public record RecoveryConfig(int snapCount, int snapRetainCount, int nodesPerStep, long stepMillis) {

    public RecoveryConfig {
        if (snapCount < 2 || snapRetainCount < 1 || nodesPerStep < 1 || stepMillis < 0) {
            throw new IllegalArgumentException("snapCount must be >= 2, snapRetainCount and nodesPerStep >= 1, stepMillis >= 0; got "
                    + snapCount + ", " + snapRetainCount + ", " + nodesPerStep + ", " + stepMillis);
        }
    }

    /** For the simulator: a snapshot every 50–100 txns, three kept, 8 nodes every millisecond. */
    public static RecoveryConfig simulated() {
        return new RecoveryConfig(100, 3, 8, 1);
    }

    public RecoveryConfig withSnapCount(int count) {
        return new RecoveryConfig(count, snapRetainCount, nodesPerStep, stepMillis);
    }

    public RecoveryConfig withSnapRetainCount(int count) {
        return new RecoveryConfig(snapCount, count, nodesPerStep, stepMillis);
    }
}
