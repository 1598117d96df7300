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

    @Override
    protected void onInform(PeerMessage.Inform inform) {
        if (!follows(history.lastCommittedZxid(), inform.zxid())) {
            broken("INFORM " + Zxid.format(inform.zxid()) + " after " + Zxid.format(history.lastCommittedZxid()) + ": one was lost");
            return;
        }
        history.log(inform.txn());
        history.commit(inform.zxid());
    }

    @Override
    protected boolean proposalsMissed(long leaderLastZxid) {
        return false;
    }
}
