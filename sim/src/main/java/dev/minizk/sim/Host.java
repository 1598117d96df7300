package dev.minizk.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * One simulated server machine: what survives its crashes (its id, disk, clock and the factory
 * that builds its node) and what does not (the node object, the context of the incarnation).
 * Each start is a new incarnation; events meant for an earlier one are dropped.
 */
final class Host<M> {
    final int id;
    final NodeFactory<M> factory;
    final SimDisk disk;
    final HostClock clock;
    /** Per file, when its last requested sync completes: a later sync of the file completes no earlier. */
    final Map<String, Long> lastSyncDone = new HashMap<>();
    Node<M> node;
    HostContext<M> context;
    int incarnation;
    boolean up;

    Host(int id, NodeFactory<M> factory, SimDisk disk, HostClock clock) {
        this.id = id;
        this.factory = factory;
        this.disk = disk;
        this.clock = clock;
    }

    /** Is this incarnation the one running now? */
    boolean isLive(int incarnation) {
        return up && this.incarnation == incarnation;
    }

    long localTime(long global) {
        return clock.localTime(global);
    }
}
