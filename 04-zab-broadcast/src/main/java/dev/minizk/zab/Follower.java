package dev.minizk.zab;

import dev.minizk.txn.Zxid;

/**
 * A follower: a learner that votes. It logs each proposal and acks it once the log holds it
 * durably (at once while the log is memory; after the covering sync from stage 05 on), and
 * delivers what the leader commits.
 */
public final class Follower extends Learner {

    public Follower(ZabContext ctx, int leader, long electionRound) {
        super(ctx, leader, electionRound);
    }

    @Override
    public String name() {
        return "FOLLOWING";
    }

    @Override
    protected PeerMessage info(long acceptedEpoch, long lastZxid) {
        return new PeerMessage.FollowerInfo(acceptedEpoch, lastZxid, electionRound);
    }

    /**
     * Hint (04.4): a proposal that does not directly {@link #follows} the last logged zxid means
     * one was lost: {@link #broken}. Else log it and, once the log holds it durably
     * ({@link ZabContext#whenLogged}), ACK it.
     */
    @Override
    protected void onProposal(PeerMessage.Proposal proposal) {
        // BEGIN SOLUTION 04.4
        if (!follows(history.lastLoggedZxid(), proposal.zxid())) {
            broken("proposal " + Zxid.format(proposal.zxid()) + " after " + Zxid.format(history.lastLoggedZxid()) + ": one was lost");
            return;
        }
        history.log(proposal.txn());
        ctx.whenLogged(this, () -> ctx.send(leader, new PeerMessage.Ack(proposal.zxid())));
        // END SOLUTION
    }

    @Override
    protected void onInform(PeerMessage.Inform inform) {
        broken("a follower is sent " + inform);
    }

    @Override
    protected boolean votes() {
        return true;
    }

    @Override
    protected boolean proposalsMissed(long leaderLastZxid) {
        return lastReceivedZxid() < leaderLastZxid;
    }
}
