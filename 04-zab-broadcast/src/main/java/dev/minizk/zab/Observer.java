package dev.minizk.zab;

import dev.minizk.txn.Zxid;

/**
 * An observer: a learner without a vote. It sees no proposals and sends no acks; the leader
 * tells it each committed txn whole (INFORM), so it adds read capacity without slowing commits.
 */
public final class Observer extends Learner {

    public Observer(ZabContext ctx, int leader, long electionRound) {
        super(ctx, leader, electionRound);
    }

    @Override
    public String name() {
        return "OBSERVING";
    }

    @Override
    protected PeerMessage info(long acceptedEpoch, long lastZxid) {
        return new PeerMessage.ObserverInfo(acceptedEpoch, lastZxid, electionRound);
    }

    @Override
    protected void onProposal(PeerMessage.Proposal proposal) {
        broken("an observer is sent " + proposal);
    }

    /**
     * Hint (04.5): an INFORM must directly {@link #follows} the last committed zxid (else one
     * was lost: {@link #broken}); it is committed already, so log it and commit it at once.
     */
    @Override
    protected void onInform(PeerMessage.Inform inform) {
        // BEGIN SOLUTION 04.5
        if (!follows(history.lastCommittedZxid(), inform.zxid())) {
            broken("INFORM " + Zxid.format(inform.zxid()) + " after " + Zxid.format(history.lastCommittedZxid()) + ": one was lost");
            return;
        }
        history.log(inform.txn());
        history.commit(inform.zxid());
        // END SOLUTION
    }

    @Override
    protected boolean votes() {
        return false;
    }

    @Override
    protected boolean proposalsMissed(long leaderLastZxid) {
        return false;
    }
}
