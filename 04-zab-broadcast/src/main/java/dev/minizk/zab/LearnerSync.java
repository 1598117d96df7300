package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

/**
 * What the leader streams to one learner to give it the leader's history: SNAP (or, from stage 05
 * on, DIFF or TRUNC), the txns the learner lacks as PROPOSALs, then NEWLEADER (ZooKeeper's
 * {@code LearnerHandler.syncFollower}). Once the stream is sent the learner is {@code SYNCING}:
 * in the forwarding set, so every later proposal and commit travels behind the stream and none
 * is lost. The {@link Leader} decides <em>when</em> a learner is synchronized; this decides
 * <em>what</em> it is sent.
 */
final class LearnerSync {
    private final ZabContext ctx;
    private final History history;
    /** NEWLEADER's zxid: counter 0 of the new epoch. */
    private final long newLeaderZxid;

    LearnerSync(ZabContext ctx, long newLeaderZxid) {
        this.ctx = ctx;
        this.history = ctx.history();
        this.newLeaderZxid = newLeaderZxid;
    }

    /**
     * SNAP of the committed state, then (to a follower) every logged txn above it as a PROPOSAL,
     * then NEWLEADER; from now on the learner gets every new proposal and commit, in order.
     * Observers are synchronized only once the leader is established, so they never see an
     * uncommitted txn.
     *
     * <p>Hint (04.3): SNAP carries {@link History#snapshot} as of the last committed zxid.
     * Every message the learner must ACK (each PROPOSAL, and NEWLEADER, whose zxid is
     * {@code newLeaderZxid}) goes on the handler's {@code expectedAcks}, in the order sent.
     * The learner is then {@code SYNCING}: in the forwarding set.
     */
    void synchronize(LearnerHandler handler) {
        if (!handler.observer && synchronizeWithoutSnap(handler)) {
            return; // stage 05: DIFF or TRUNC; stage 04's policy always answers SNAP
        }
        // BEGIN SOLUTION 04.3
        ctx.send(handler.sid, new PeerMessage.Snap(history.snapshot(), history.lastCommittedZxid()));
        if (!handler.observer) {
            for (LoggedTxn txn : history.uncommitted()) {
                ctx.send(handler.sid, new PeerMessage.Proposal(txn));
                handler.expectedAcks.addLast(txn.header().zxid());
            }
        }
        ctx.send(handler.sid, new PeerMessage.NewLeader(newLeaderZxid));
        handler.expectedAcks.addLast(newLeaderZxid);
        handler.phase = LearnerHandler.Phase.SYNCING;
        // STUB: return;
        // END SOLUTION
    }

    /**
     * DIFF or TRUNC, if the sync policy says so (stage 05): the learner keeps its history up to
     * the plan's zxid, and gets every txn of the leader's history after it as a PROPOSAL, with
     * a COMMIT for each the leader committed, then NEWLEADER. Returns false for a SNAP.
     */
    private boolean synchronizeWithoutSnap(LearnerHandler handler) {
        SyncPlan plan = ctx.syncPolicy().plan(handler.lastZxid, history);
        long base;
        if (plan instanceof SyncPlan.Diff diff) {
            base = diff.zxid();
            ctx.send(handler.sid, new PeerMessage.Diff(base));
        } else if (plan instanceof SyncPlan.Trunc trunc) {
            base = trunc.zxid();
            ctx.send(handler.sid, new PeerMessage.Trunc(base));
        } else if (plan instanceof SyncPlan.Snap) {
            return false;
        } else {
            throw new IllegalStateException("unknown sync plan " + plan);
        }
        long last = base;
        for (LoggedTxn txn : history.committedLog()) {
            if (txn.header().zxid() > base) {
                last = sendInSync(handler, txn, last);
                ctx.send(handler.sid, new PeerMessage.Commit(txn.header().zxid()));
            }
        }
        for (LoggedTxn txn : history.uncommitted()) {
            if (txn.header().zxid() > base) {
                last = sendInSync(handler, txn, last);
            }
        }
        if (last != history.lastLoggedZxid() && base <= history.lastLoggedZxid()) {
            throw new IllegalStateException("sync plan " + plan + " for " + handler.sid + " leaves a gap: the leader's history ends at "
                    + Zxid.format(history.lastLoggedZxid()) + ", the learner would end at " + Zxid.format(last));
        }
        handler.phase = LearnerHandler.Phase.SYNCING;
        handler.expectedAcks.addLast(newLeaderZxid);
        ctx.send(handler.sid, new PeerMessage.NewLeader(newLeaderZxid));
        return true;
    }

    private long sendInSync(LearnerHandler handler, LoggedTxn txn, long last) {
        long zxid = txn.header().zxid();
        if (!Learner.follows(last, zxid)) {
            throw new IllegalStateException("sync of " + handler.sid + ": " + Zxid.format(zxid) + " does not follow " + Zxid.format(last)
                    + ": the sync policy chose a point the leader's log cannot continue from");
        }
        ctx.send(handler.sid, new PeerMessage.Proposal(txn));
        handler.expectedAcks.addLast(zxid);
        return zxid;
    }
}
