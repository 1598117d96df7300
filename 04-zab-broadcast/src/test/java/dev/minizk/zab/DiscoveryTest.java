package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 04.2: discovery. Followers connect with the epoch they accepted; the leader takes a new
 * epoch above all of a quorum's; each follower accepts it (refusing an older one, and never
 * accepting the same epoch twice) and the leader counts a quorum of ACKEPOCHs. Each role is
 * driven by hand through a {@link ScriptedContext}.
 */
class DiscoveryTest {

    @Test
    @Tag("04.2")
    void the_new_epoch_is_above_every_epoch_the_connected_quorum_accepted() {
        ScriptedContext ctx = new ScriptedContext(3, FIVE);
        ctx.acceptedEpoch = 2;
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(7, 0, 1));
        assertThat(leader.epoch()).isEqualTo(-1); // 2 of 5: no quorum yet
        assertThat(ctx.sent).isEmpty();
        leader.onMessage(5, new PeerMessage.FollowerInfo(1, 0, 1));
        assertThat(leader.epoch()).isEqualTo(8);
        assertThat(ctx.acceptedEpoch).isEqualTo(8);
        assertThat(ctx.sentTo(1)).containsExactly(new PeerMessage.LeaderInfo(8));
        assertThat(ctx.sentTo(5)).containsExactly(new PeerMessage.LeaderInfo(8));

        leader.onMessage(4, new PeerMessage.FollowerInfo(9, 0, 1)); // too late to raise it: it is told epoch 8 at once
        assertThat(leader.epoch()).isEqualTo(8);
        assertThat(ctx.sentTo(4)).containsExactly(new PeerMessage.LeaderInfo(8));
    }

    @Test
    @Tag("04.2")
    void the_leaders_own_accepted_epoch_counts_too() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        ctx.acceptedEpoch = 5;
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(2, new PeerMessage.FollowerInfo(1, 0, 1));
        assertThat(leader.epoch()).isEqualTo(6);
        assertThat(ctx.sentTo(2)).containsExactly(new PeerMessage.LeaderInfo(6));
    }

    @Test
    @Tag("04.2")
    void a_follower_accepts_a_newer_epoch_and_acks_with_its_current_epoch_and_last_zxid() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        ctx.acceptedEpoch = 1;
        ctx.currentEpoch = 1;
        ctx.history().log(txn(Zxid.of(1, 1)));
        ctx.history().log(txn(Zxid.of(1, 2)));
        Follower follower = new Follower(ctx, 3, 4);
        follower.start();
        assertThat(ctx.sentTo(3)).containsExactly(new PeerMessage.FollowerInfo(1, Zxid.of(1, 2), 4));

        follower.onMessage(3, new PeerMessage.LeaderInfo(2));
        assertThat(ctx.acceptedEpoch).isEqualTo(2);
        assertThat(ctx.currentEpoch).as("current only at NEWLEADER").isEqualTo(1);
        assertThat(follower.epoch()).isEqualTo(2);
        assertThat(ctx.sentTo(3)).last().isEqualTo(new PeerMessage.AckEpoch(1, Zxid.of(1, 2)));

        follower.onMessage(3, new PeerMessage.LeaderInfo(2)); // the answer to a FOLLOWERINFO sent again
        assertThat(ctx.sentTo(3)).hasSize(2);
        assertThat(ctx.endedBecause).isNull();
        follower.onMessage(3, new PeerMessage.LeaderInfo(3));
        assertThat(ctx.endedBecause).contains("a second LEADERINFO");
    }

    @Test
    @Tag("04.2")
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
    @Tag("04.2")
    void a_follower_that_accepted_the_epoch_already_answers_minus_one_and_the_leader_does_not_count_it() {
        ScriptedContext follower = new ScriptedContext(1, THREE);
        follower.acceptedEpoch = 4;
        Follower role = new Follower(follower, 3, 1);
        role.start();
        role.onMessage(3, new PeerMessage.LeaderInfo(4));
        assertThat(follower.sentTo(3)).last().isEqualTo(new PeerMessage.AckEpoch(PeerMessage.AckEpoch.ALREADY_ACCEPTED, 0));
        assertThat(follower.acceptedEpoch).isEqualTo(4);

        ScriptedContext leaderCtx = new ScriptedContext(3, THREE);
        leaderCtx.acceptedEpoch = 3;
        Leader leader = new Leader(leaderCtx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(3, 0, 1));
        assertThat(leader.epoch()).isEqualTo(4);
        leader.onMessage(1, new PeerMessage.AckEpoch(PeerMessage.AckEpoch.ALREADY_ACCEPTED, 0));
        assertThat(leaderCtx.currentEpoch).as("no quorum of epoch acks: the epoch is not the leader's yet").isZero();
        leader.onMessage(2, new PeerMessage.FollowerInfo(0, 0, 1));
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0));
        assertThat(leaderCtx.currentEpoch).as("{3, 2} is a quorum").isEqualTo(4);
    }

    @Test
    @Tag("04.2")
    void a_leader_ignores_a_follower_of_an_earlier_reign_and_a_server_connecting_in_the_wrong_role() {
        ScriptedContext ctx = new ScriptedContext(3, QuorumVerifier.majorityOf(3).withObservers(4));
        Leader leader = new Leader(ctx, 5);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, 0, 4)); // decided in round 4, for the leader 3 was then
        leader.onMessage(4, new PeerMessage.FollowerInfo(1, 0, 5)); // an observer cannot vote
        leader.onMessage(2, new PeerMessage.ObserverInfo(1, 0, 5)); // a voter must follow
        assertThat(leader.learners()).isEmpty();
        assertThat(leader.epoch()).isEqualTo(-1);
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, 0, 5));
        assertThat(leader.epoch()).isEqualTo(2);
        assertThat(leader.learners()).containsOnlyKeys(1);
    }

    @Test
    @Tag("04.2")
    void a_leader_steps_down_when_a_follower_is_ahead_of_it() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, Zxid.of(1, 5), 1));
        leader.onMessage(1, new PeerMessage.AckEpoch(1, Zxid.of(1, 5)));
        assertThat(ctx.endedBecause).contains("follower 1 is ahead of the leader");
        assertThat(ctx.currentEpoch).isZero();
    }

    /**
     * A server back from a crash with txns only it logged joins a leader whose epoch a quorum
     * acked already: it is synchronized (its tail cut), and the leader stays. ZooKeeper's
     * {@code waitForEpochAck} compares only until its quorum is formed; stepping down here would
     * cost a whole election for nothing.
     */
    @Test
    @Tag("04.2")
    void a_follower_ahead_of_the_leader_that_comes_after_the_quorum_is_synchronized_not_obeyed() {
        ScriptedContext ctx = new ScriptedContext(3, FIVE);
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, 0, 1));
        leader.onMessage(2, new PeerMessage.FollowerInfo(1, 0, 1));
        leader.onMessage(1, new PeerMessage.AckEpoch(0, 0));
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0)); // with the leader, a quorum of five: synchronizing
        leader.onMessage(4, new PeerMessage.FollowerInfo(1, Zxid.of(1, 3), 1));
        leader.onMessage(4, new PeerMessage.AckEpoch(1, Zxid.of(1, 3)));
        assertThat(ctx.endedBecause).isNull();
        assertThat(leader.learners()).containsKey(4);
    }

    @Test
    @Tag("04.2")
    void an_ackepoch_out_of_turn_breaks_the_connection_and_a_stranger_is_not_heard() {
        ScriptedContext ctx = new ScriptedContext(3, FIVE);
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(5, new PeerMessage.AckEpoch(0, 0)); // never connected
        assertThat(leader.learners()).isEmpty();
        leader.onMessage(1, new PeerMessage.FollowerInfo(0, 0, 1));
        leader.onMessage(1, new PeerMessage.AckEpoch(0, 0)); // before any LEADERINFO
        assertThat(leader.learners()).doesNotContainKey(1);

        leader.onMessage(1, new PeerMessage.FollowerInfo(0, 0, 1)); // it reconnects
        leader.onMessage(2, new PeerMessage.FollowerInfo(0, 0, 1));
        assertThat(leader.learners()).containsEntry(1, "EPOCH_SENT").containsEntry(2, "EPOCH_SENT");
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0));
        assertThat(ctx.currentEpoch).as("{3, 2} of 5 is no quorum").isZero();
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0)); // twice
        assertThat(leader.learners()).containsOnlyKeys(1);
    }

    @Test
    @Tag("04.2")
    void a_follower_connects_again_each_tick_until_the_leader_answers() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = new Follower(ctx, 3, 2);
        follower.start();
        follower.onTick();
        follower.onTick();
        assertThat(ctx.sentTo(3)).hasSize(3).containsOnly(new PeerMessage.FollowerInfo(0, 0, 2));
        follower.onMessage(3, new PeerMessage.LeaderInfo(1));
        follower.onTick();
        assertThat(ctx.sentTo(3)).hasSize(4).last().isEqualTo(new PeerMessage.AckEpoch(0, 0));
    }
}
