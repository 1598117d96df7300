package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.Zxid;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Phase 1 on the leader's side, discovery (ZooKeeper's {@code Leader.getEpochToPropose} and
 * {@code waitForEpochAck}): wait for FOLLOWERINFO from a quorum (the leader included), take a new
 * epoch above every epoch they accepted, send LEADERINFO, and wait for a quorum of ACKEPOCHs. A
 * follower of that quorum whose history is ahead of the leader's makes it step down; one that
 * acks later is synchronized like any other (its extra tail is cut). With a quorum of epoch acks
 * the epoch is the leader's and synchronization starts: the {@link Leader}'s part again.
 */
final class Discovery {
    private final Leader leader;
    private final ZabContext ctx;
    private final QuorumVerifier verifier;
    private final int self;
    /** The election round the leader was elected in: learners that elected it in another round elected an earlier reign. */
    private final long electionRound;
    /** The leader's own (current epoch, last zxid) when it started: no follower of the forming quorum may be ahead of it. */
    private final long startEpoch;
    private final long startZxid;
    /** The accepted epoch of each voter that connected before the epoch was chosen (the leader included). */
    private final Map<Integer, Long> connectedVoters = new TreeMap<>();
    private final Set<Integer> epochAckers = new TreeSet<>();
    /** The new epoch, or -1 while discovery has no quorum yet. */
    private long epoch = -1;
    /** A quorum acked the epoch: the leader synchronizes its learners. */
    private boolean synchronizing;

    Discovery(Leader leader, ZabContext ctx, long electionRound) {
        this.leader = leader;
        this.ctx = ctx;
        this.verifier = ctx.verifier();
        this.self = ctx.id();
        this.electionRound = electionRound;
        this.startEpoch = ctx.currentEpoch();
        this.startZxid = ctx.history().lastLoggedZxid();
    }

    /** The leader connects to itself: its own accepted epoch counts (and in an ensemble of one, decides). */
    void start() {
        connectedVoters.put(self, ctx.acceptedEpoch());
        maybeChooseEpoch();
    }

    /**
     * A learner connects (or reconnects: its old connection is dead and replaced).
     *
     * <p>Hint (04.2): ignore (trace) a learner that elected this server in another round than
     * {@code electionRound}, and one that connects as an observer but is a voter or the other
     * way round. Otherwise give it a fresh {@link LearnerHandler} in the leader's {@code learners}. While the
     * new epoch is not chosen yet, a voter's accepted epoch joins {@code connectedVoters} (then
     * {@link #maybeChooseEpoch}); once it is, the learner is sent LEADERINFO at once.
     */
    void onInfo(int from, long acceptedEpoch, long round, boolean observer) {
        // BEGIN SOLUTION 04.2
        if (round != electionRound) {
            ctx.trace("ignored: " + from + " elected this server in round " + round + ", an earlier reign (this one: round " + electionRound + ")");
            return;
        }
        if (observer != verifier.isObserver(from)) {
            ctx.trace("ignored: " + from + " connects as " + (observer ? "an observer" : "a follower") + " but is not one");
            return;
        }
        LearnerHandler handler = new LearnerHandler(from, observer, leader.ticks());
        leader.learners.put(from, handler);
        if (epoch < 0) {
            if (!observer) {
                connectedVoters.put(from, acceptedEpoch);
                maybeChooseEpoch();
            }
        } else {
            sendLeaderInfo(handler);
        }
        // END SOLUTION
    }

    /**
     * Discovery: a quorum connected, so no epoch any of them accepted can be reused.
     *
     * <p>Hint (04.2): nothing to do once {@code epoch} is chosen or while {@code connectedVoters}
     * (this leader included) hold no quorum. Then the new epoch is one above the highest epoch
     * they accepted: accept it yourself ({@link ZabContext#setAcceptedEpoch}), count your own
     * epoch ack in {@code epochAckers}, send LEADERINFO to every learner connected so far and
     * see whether synchronization can start ({@link #maybeStartSync}).
     */
    void maybeChooseEpoch() {
        // BEGIN SOLUTION 04.2
        if (epoch >= 0 || !verifier.containsQuorum(connectedVoters.keySet())) {
            return;
        }
        long highest = connectedVoters.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        epoch = highest + 1;
        ctx.setAcceptedEpoch(epoch);
        epochAckers.add(self);
        ctx.trace("new epoch " + epoch + " (accepted epochs " + connectedVoters + ")");
        for (LearnerHandler handler : leader.learners.values()) {
            sendLeaderInfo(handler);
        }
        maybeStartSync();
        // END SOLUTION
    }

    private void sendLeaderInfo(LearnerHandler handler) {
        ctx.send(handler.sid, new PeerMessage.LeaderInfo(epoch));
        handler.phase = LearnerHandler.Phase.EPOCH_SENT;
    }

    /**
     * A learner accepted the new epoch.
     *
     * <p>Hint (04.2): an ACKEPOCH is due only after LEADERINFO (phase {@code EPOCH_SENT}); any
     * other is a broken connection ({@link Leader#drop}). A voter's ack counts unless it says
     * {@link PeerMessage.AckEpoch#ALREADY_ACCEPTED}. While the quorum of epoch acks is still
     * forming (not yet {@code synchronizing}), a counted ack from a follower whose history is
     * ahead of this leader's ({@code startEpoch}, {@code startZxid}: a higher current epoch, or
     * the same one and a higher zxid) ends the leader's role: the election went wrong, and the
     * leader must not erase what the follower holds. Once a quorum acked, the leader's history
     * is the one this epoch keeps: a follower that acks later is synchronized like any other,
     * and whatever it holds beyond the leader's history was never committed (ZooKeeper's
     * {@code waitForEpochAck} checks only until its quorum is formed). Then mark the learner
     * {@code EPOCH_ACKED}, count it in {@code epochAckers}, and synchronize it at once if the
     * leader already is synchronizing (an observer: already established), else
     * {@link #maybeStartSync}.
     */
    void onAckEpoch(LearnerHandler handler, PeerMessage.AckEpoch ack) {
        // BEGIN SOLUTION 04.2
        if (handler.phase != LearnerHandler.Phase.EPOCH_SENT) {
            leader.drop(handler, "ACKEPOCH in phase " + handler.phase);
            return;
        }
        boolean counted = !handler.observer && ack.currentEpoch() != PeerMessage.AckEpoch.ALREADY_ACCEPTED;
        // A committed txn is on a quorum, which meets the quorum that acked the epoch: once that
        // quorum is complete, whatever a late follower holds beyond the leader was never committed.
        boolean ahead = ack.currentEpoch() > startEpoch || (ack.currentEpoch() == startEpoch && ack.lastZxid() > startZxid);
        if (counted && !synchronizing && ahead) {
            ctx.roleEnded(leader, "follower " + handler.sid + " is ahead of the leader (e" + ack.currentEpoch() + ", "
                    + Zxid.format(ack.lastZxid()) + " > e" + startEpoch + ", " + Zxid.format(startZxid) + ")");
            return;
        }
        handler.phase = LearnerHandler.Phase.EPOCH_ACKED;
        if (counted) {
            epochAckers.add(handler.sid);
        }
        if (handler.observer ? leader.isEstablished() : synchronizing) {
            leader.synchronize(handler);
        } else {
            maybeStartSync();
        }
        // END SOLUTION
    }

    /**
     * A quorum acked the new epoch: the leader takes it as its own and synchronizes everyone who acked.
     *
     * <p>Hint (04.2): once (see {@code synchronizing}) and only when {@code epochAckers} hold a
     * quorum: the new epoch becomes the leader's current epoch, every follower that acked it
     * is synchronized ({@link Leader#synchronize}) and the leader acks its own NEWLEADER
     * ({@link Leader#ackOwnNewLeader}).
     */
    private void maybeStartSync() {
        // BEGIN SOLUTION 04.2
        if (synchronizing || !verifier.containsQuorum(epochAckers)) {
            return;
        }
        synchronizing = true;
        ctx.setCurrentEpoch(epoch);
        for (LearnerHandler handler : leader.learners.values()) {
            if (!handler.observer && handler.phase == LearnerHandler.Phase.EPOCH_ACKED) {
                leader.synchronize(handler);
            }
        }
        leader.ackOwnNewLeader();
        // END SOLUTION
    }

    long epoch() {
        return epoch;
    }

    boolean isSynchronizing() {
        return synchronizing;
    }

    long electionRound() {
        return electionRound;
    }

    Map<Integer, Long> connectedVoters() {
        return connectedVoters;
    }

    Set<Integer> epochAckers() {
        return epochAckers;
    }
}
