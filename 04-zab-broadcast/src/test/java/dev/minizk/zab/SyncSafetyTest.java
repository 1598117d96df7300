package dev.minizk.zab;

import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.LEADER;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety fixes the fuzzer found once peer links became TCP connections (a committed txn
 * was lost): what a learner does with the stream between the snapshot and NEWLEADER, and how
 * both ends react to a broken connection. Each test is named after what it protects (ungraded).
 */
class SyncSafetyTest {

    /** Follower 1 of leader 3, in epoch 2, after LEADERINFO and a SNAP at 0x2_3 (from a leader established already). */
    private static Follower followerAfterSnap(ScriptedContext ctx) {
        ctx.acceptedEpoch = 1;
        ctx.currentEpoch = 1;
        Follower follower = new Follower(ctx, LEADER, 1);
        follower.start();
        follower.onMessage(LEADER, new PeerMessage.LeaderInfo(2));
        follower.onMessage(LEADER, new PeerMessage.Snap(new byte[0], Zxid.of(2, 3)));
        ctx.sent.clear();
        return follower;
    }

    @Test
    void a_proposal_streamed_during_sync_is_acked_only_after_newleader_made_its_epoch_current() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = followerAfterSnap(ctx);
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 4))));
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 5))));
        assertThat(ctx.sentTo(LEADER, PeerMessage.Ack.class))
                .as("an ACK now would vouch for 0x2_4 under current epoch 1: after a broken connection this server"
                        + " would lose the election to one that never saw it, and a txn committed with its ACK would be truncated")
                .isEmpty();
        assertThat(ctx.history().lastLoggedZxid()).as("held, not logged").isEqualTo(Zxid.of(2, 3));

        follower.onMessage(LEADER, new PeerMessage.Ping(Zxid.of(2, 5), Zxid.of(2, 3)));
        assertThat(ctx.endedBecause).as("held proposals are not missed ones").isNull();

        ctx.slowLog = true;
        follower.onMessage(LEADER, new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThat(ctx.history().lastLoggedZxid()).isEqualTo(Zxid.of(2, 5));
        assertThat(ctx.sentTo(LEADER, PeerMessage.Ack.class)).as("not before the held txns are durable").isEmpty();
        ctx.flushLog();
        assertThat(ctx.currentEpoch).isEqualTo(2);
        assertThat(ctx.sentTo(LEADER, PeerMessage.Ack.class)).containsExactly(
                new PeerMessage.Ack(Zxid.of(2, 4)), new PeerMessage.Ack(Zxid.of(2, 5)), new PeerMessage.Ack(Zxid.of(2, 0)));
    }

    @Test
    void a_commit_during_sync_applies_the_held_proposal_in_order_and_one_out_of_order_breaks_the_connection() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = followerAfterSnap(ctx);
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 4))));
        follower.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(2, 4)));
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 5))));
        assertThat(ctx.history().lastCommittedZxid()).isEqualTo(Zxid.of(2, 4));
        follower.onMessage(LEADER, new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThat(ctx.sentTo(LEADER, PeerMessage.Ack.class)).as("the committed one is acked too: the leader expects it")
                .containsExactly(new PeerMessage.Ack(Zxid.of(2, 4)), new PeerMessage.Ack(Zxid.of(2, 5)), new PeerMessage.Ack(Zxid.of(2, 0)));
        follower.onMessage(LEADER, new PeerMessage.UpToDate(Zxid.of(2, 5)));
        assertThat(follower.isServing()).isTrue();
        assertThat(ctx.history().lastCommittedZxid()).isEqualTo(Zxid.of(2, 5));

        ScriptedContext other = new ScriptedContext(1, THREE);
        Follower second = followerAfterSnap(other);
        second.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 4))));
        second.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(2, 5))));
        second.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(2, 5)));
        assertThat(other.endedBecause).contains("broken");
        assertThat(other.history().lastCommittedZxid()).isEqualTo(Zxid.of(2, 3));
    }

    @Test
    void a_follower_whose_connection_to_its_leader_breaks_looks_for_a_leader_at_once() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = Scripts.servingFollower(ctx);
        follower.onPeerLinkBroken(2);
        assertThat(ctx.endedBecause).as("another peer's connection is not the leader's").isNull();
        follower.onPeerLinkBroken(LEADER);
        assertThat(ctx.endedBecause).contains("connection to leader 3 broken");
    }

    @Test
    void a_leader_forgets_a_learner_whose_connection_broke_and_steps_down_once_it_lacks_a_quorum() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = Scripts.establishedLeader(ctx, 1, 2, 4);
        leader.onPeerLinkBroken(1);
        assertThat(leader.learners()).doesNotContainKey(1);
        assertThat(ctx.endedBecause).as("3, 2 and 4 are a quorum of five").isNull();

        leader.propose(txn(Zxid.of(1, 1)));
        assertThat(ctx.sentTo(1, PeerMessage.Proposal.class)).as("a dropped learner gets nothing more").isEmpty();
        leader.onPeerLinkBroken(2);
        assertThat(ctx.endedBecause).contains("lost its quorum");
    }
}
