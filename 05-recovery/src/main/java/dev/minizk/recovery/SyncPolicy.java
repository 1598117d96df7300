package dev.minizk.recovery;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.History;
import dev.minizk.zab.SyncPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * How a leader with a durable log synchronizes a follower, after ZooKeeper's {@code
 * LearnerHandler.syncFollower} (zk-reference §3.4). The leader knows the zxids of its recent
 * history: its committed log (the last txns it delivered), the state it delivered up to, and
 * its logged, uncommitted tail. A zxid names one txn (one leader per epoch gave it out), so:
 *
 * <ul>
 *   <li>the follower's last zxid is one of them: its history is a prefix of the leader's, and
 *       a <b>DIFF</b> from it sends only what it lacks;</li>
 *   <li>else, if the leader holds txns of the follower's last epoch: both got that epoch's txns
 *       from its one leader, in order, after the same synchronization, so they agree up to the
 *       leader's last txn of that epoch below the follower's; the follower holds txns above it
 *       that nobody committed: <b>TRUNC</b> to it, then as a DIFF;</li>
 *   <li>otherwise (too far behind, or its tail is from an epoch the leader never saw): <b>SNAP</b>.</li>
 * </ul>
 */
public final class SyncPolicy {

    /** ZooKeeper's choice of DIFF, TRUNC or SNAP. */
    public static final SyncPlan.Policy ZOOKEEPER = SyncPolicy::plan;

    private SyncPolicy() {
    }

    /**
     * <p>Hint (05.5): the class comment's three cases, in order, over {@link #knownZxids}. A
     * TRUNC point is a real txn (not zxid 0) of the learner's epoch, below its last zxid.
     */
    public static SyncPlan plan(long learnerLastZxid, History leader) {
        // BEGIN SOLUTION 05.5
        List<Long> known = knownZxids(leader);
        if (known.contains(learnerLastZxid)) {
            return new SyncPlan.Diff(learnerLastZxid);
        }
        long truncateTo = -1;
        for (long zxid : known) {
            if (zxid < learnerLastZxid && zxid != 0 && Zxid.epochOf(zxid) == Zxid.epochOf(learnerLastZxid)) {
                truncateTo = Math.max(truncateTo, zxid);
            }
        }
        return truncateTo >= 0 ? new SyncPlan.Trunc(truncateTo) : new SyncPlan.Snap();
        // STUB: return new SyncPlan.Snap();
        // END SOLUTION
    }

    /**
     * The zxids from which the leader's log can continue: each txn of its committed log, the
     * state it delivered up to, and each logged txn above it.
     */
    private static List<Long> knownZxids(History leader) {
        List<Long> known = new ArrayList<>();
        for (LoggedTxn txn : leader.committedLog()) {
            known.add(txn.header().zxid());
        }
        known.add(leader.lastCommittedZxid());
        for (LoggedTxn txn : leader.uncommitted()) {
            known.add(txn.header().zxid());
        }
        return known;
    }
}
