package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Epochs keep two leaders out of one epoch: a learner refuses an epoch older than the one it
 * accepted, cannot accept the same epoch twice, and the leader counts neither. Each role is
 * driven by hand through a {@link ScriptedContext}.
 */
class EpochTest {
    private static final QuorumVerifier THREE = QuorumVerifier.majorityOf(3);

    @Test
    void a_follower_refuses_a_leader_whose_epoch_is_older_than_the_one_it_accepted() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        ctx.acceptedEpoch = 2;
        Follower follower = new Follower(ctx, 3, 1);
        follower.start();
        assertThat(ctx.sentTo(3)).containsExactly(new PeerMessage.FollowerInfo(2, 0, 1));

        follower.onMessage(3, new PeerMessage.LeaderInfo(1));
        assertThat(ctx.endedBecause).contains("refuses leader 3's epoch 1");
        assertThat(ctx.acceptedEpoch).isEqualTo(2);
        assertThat(ctx.sentTo(3)).hasSize(1); // no ACKEPOCH
    }

    @Test
    void a_follower_that_accepted_the_epoch_already_answers_minus_one_and_the_leader_does_not_count_it() {
        ScriptedContext follower = new ScriptedContext(1, THREE);
        follower.acceptedEpoch = 4;
        Follower role = new Follower(follower, 3, 1);
        role.start();
        role.onMessage(3, new PeerMessage.LeaderInfo(4));
        assertThat(follower.sentTo(3)).last().isEqualTo(new PeerMessage.AckEpoch(PeerMessage.AckEpoch.ALREADY_ACCEPTED, 0));

        ScriptedContext leaderCtx = new ScriptedContext(3, THREE);
        leaderCtx.acceptedEpoch = 3;
        Leader leader = new Leader(leaderCtx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(3, 0, 1));
        assertThat(leader.epoch()).isEqualTo(4);
        leader.onMessage(1, new PeerMessage.AckEpoch(PeerMessage.AckEpoch.ALREADY_ACCEPTED, 0));
        assertThat(leaderCtx.sentTo(1)).noneMatch(m -> m instanceof PeerMessage.Snap); // no quorum of epoch acks: no sync
        leader.onMessage(2, new PeerMessage.FollowerInfo(0, 0, 1));
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0));
        assertThat(leaderCtx.sentTo(2)).anyMatch(m -> m instanceof PeerMessage.Snap); // {3, 2} is a quorum
        assertThat(leaderCtx.currentEpoch).isEqualTo(4);
    }

    @Test
    void the_new_epoch_is_above_every_epoch_the_connected_quorum_accepted() {
        ScriptedContext ctx = new ScriptedContext(3, QuorumVerifier.majorityOf(5));
        ctx.acceptedEpoch = 2;
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(7, 0, 1));
        assertThat(leader.epoch()).isEqualTo(-1); // 2 of 5: no quorum yet
        leader.onMessage(5, new PeerMessage.FollowerInfo(1, 0, 1));
        assertThat(leader.epoch()).isEqualTo(8);
        assertThat(ctx.acceptedEpoch).isEqualTo(8);
        assertThat(ctx.sentTo(1)).containsExactly(new PeerMessage.LeaderInfo(8));
        assertThat(ctx.sentTo(5)).containsExactly(new PeerMessage.LeaderInfo(8));
    }

    @Test
    void a_leader_ignores_a_follower_that_elected_an_earlier_reign_of_it() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = new Leader(ctx, 5);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, 0, 4)); // decided in round 4, for the leader 3 was then
        assertThat(leader.learners()).isEmpty();
        assertThat(leader.epoch()).isEqualTo(-1);
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, 0, 5));
        assertThat(leader.epoch()).isEqualTo(2);
    }

    @Test
    void a_leader_steps_down_when_a_follower_is_ahead_of_it() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, Zxid.of(1, 5), 1));
        leader.onMessage(1, new PeerMessage.AckEpoch(1, Zxid.of(1, 5)));
        assertThat(ctx.endedBecause).contains("follower 1 is ahead of the leader");
    }

    @Test
    void a_follower_that_misses_a_proposal_breaks_the_connection_instead_of_acking_past_the_gap() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        follower.onMessage(3, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        follower.onMessage(3, new PeerMessage.Proposal(txn(Zxid.of(1, 3)))); // 0x1_2 was lost
        assertThat(ctx.endedBecause).contains("one was lost");
        assertThat(ctx.sentTo(3)).filteredOn(m -> m instanceof PeerMessage.Ack).containsExactly(
                new PeerMessage.Ack(Zxid.of(1, 0)), new PeerMessage.Ack(Zxid.of(1, 1)));
    }

    @Test
    void a_follower_delivers_only_what_the_leader_committed_in_order() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        for (int c = 1; c <= 3; c++) {
            follower.onMessage(3, new PeerMessage.Proposal(txn(Zxid.of(1, c))));
        }
        assertThat(ctx.delivered).isEmpty();
        follower.onMessage(3, new PeerMessage.Commit(Zxid.of(1, 2)));
        assertThat(ctx.delivered).extracting(t -> t.header().zxid()).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(ctx.endedBecause).isNull();
    }

    @Test
    void a_history_never_logs_backwards() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        ctx.history().log(txn(Zxid.of(1, 2)));
        assertThatThrownBy(() -> ctx.history().log(txn(Zxid.of(1, 1)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zxids must increase");
        assertThatThrownBy(() -> ctx.history().commit(Zxid.of(1, 3))).isInstanceOf(IllegalStateException.class);
    }

    /** A follower of leader 3 through discovery and synchronization into epoch 1, serving. */
    private static Follower servingFollower(ScriptedContext ctx) {
        Follower follower = new Follower(ctx, 3, 1);
        follower.start();
        follower.onMessage(3, new PeerMessage.LeaderInfo(1));
        follower.onMessage(3, new PeerMessage.Snap(new byte[0], 0));
        follower.onMessage(3, new PeerMessage.NewLeader(Zxid.of(1, 0)));
        follower.onMessage(3, new PeerMessage.UpToDate(0));
        assertThat(follower.isServing()).isTrue();
        assertThat(ctx.currentEpoch).isEqualTo(1);
        return follower;
    }

    private static LoggedTxn txn(long zxid) {
        return new LoggedTxn(new TxnHeader(1, (int) Zxid.counterOf(zxid), zxid, 0),
                new Txn.Create("/n" + Zxid.counterOf(zxid), new byte[0], Acl.OPEN_ACL_UNSAFE, false, 0));
    }
}
