package dev.minizk.zab;

/**
 * How the leader brings one learner's history up to its own (ZooKeeper's {@code
 * LearnerHandler.syncFollower}, zk-reference §3.4). Whatever the plan, the txns the learner
 * lacks follow it as PROPOSALs (with a COMMIT for each the leader committed), then NEWLEADER.
 */
public sealed interface SyncPlan {

    /** The whole committed state; the learner's own history is discarded. */
    record Snap() implements SyncPlan {
    }

    /** The learner's history up to {@code zxid} is a prefix of the leader's: it keeps it. */
    record Diff(long zxid) implements SyncPlan {
    }

    /**
     * The learner logged txns above {@code zxid} that the leader does not hold (an old leader
     * proposed them and nobody committed them): it drops them, and keeps the rest, a prefix of
     * the leader's history.
     */
    record Trunc(long zxid) implements SyncPlan {
    }

    /**
     * Decides the plan for a learner whose last logged zxid is {@code learnerLastZxid}. Stage 04
     * always sends a SNAP ({@link #SNAP_ALWAYS}); stage 05 decides as ZooKeeper does.
     */
    interface Policy {
        SyncPlan plan(long learnerLastZxid, History leaderHistory);
    }

    Policy SNAP_ALWAYS = (learnerLastZxid, leaderHistory) -> new Snap();
}
