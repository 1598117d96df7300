package dev.minizk.zab;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The leader's side of its connection to one learner (ZooKeeper's {@code LearnerHandler}): how
 * far the learner got through discovery and synchronization, when it was last heard from, and
 * which ACKs it still owes, in the order it owes them.
 */
final class LearnerHandler {

    /** Where the learner is on its way to serving, as the leader sees it. */
    enum Phase {
        /** Its FOLLOWERINFO/OBSERVERINFO arrived; the leader has no epoch to offer yet. */
        CONNECTED,
        /** LEADERINFO sent; waiting for ACKEPOCH. */
        EPOCH_SENT,
        /** ACKEPOCH arrived; waiting for the leader to start synchronizing (a quorum of epoch acks). */
        EPOCH_ACKED,
        /** SNAP, the leader's uncommitted proposals and NEWLEADER sent; it gets every new proposal and commit. */
        SYNCING,
        /** It acked NEWLEADER and was sent UPTODATE (or will be, the moment the leader is established). */
        SERVING
    }

    final int sid;
    final boolean observer;
    Phase phase = Phase.CONNECTED;
    /** It acked NEWLEADER (a voter before the leader is established waits in SYNCING with this set). */
    boolean newLeaderAcked;
    long lastHeardTick;
    /** The learner's last logged zxid, as its ACKEPOCH said: where a DIFF or TRUNC starts from. */
    long lastZxid;
    /**
     * The zxids of the PROPOSALs and the NEWLEADER sent to it, not acked yet, oldest first. A
     * learner acks in the order it received, so an ACK for anything but the head means one was
     * lost: the connection is broken. Bounded by the leader's outstanding proposals (plus its
     * uncommitted history while synchronizing).
     */
    final Deque<Long> expectedAcks = new ArrayDeque<>();

    LearnerHandler(int sid, boolean observer, long nowTick) {
        this.sid = sid;
        this.observer = observer;
        this.lastHeardTick = nowTick;
    }

    /** Is it in the forwarding set: does it get new PROPOSALs and COMMITs (or INFORMs)? */
    boolean forwarding() {
        return phase == Phase.SYNCING || phase == Phase.SERVING;
    }

    @Override
    public String toString() {
        return (observer ? "observer " : "follower ") + sid + " " + phase;
    }
}
