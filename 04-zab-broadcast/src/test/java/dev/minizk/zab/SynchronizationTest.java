package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task 04.3: synchronization. The leader sends each follower its committed state (SNAP), its
 * logged but uncommitted txns as PROPOSALs, then NEWLEADER; a quorum's NEWLEADER ACKs (the
 * leader's own once its log is durable) establish it, and UPTODATE lets the learners serve.
 */
class SynchronizationTest {

    /** Leader 3 (accepted and current epoch 1) that committed 0x1_1 and logged 0x1_2; follower 1 has connected and acked epoch 2. */
    private static Leader leaderSyncingFollowerOne(ScriptedContext ctx) {
        ctx.acceptedEpoch = 1;
        ctx.currentEpoch = 1;
        ctx.history().log(txn(Zxid.of(1, 1)));
        ctx.history().log(txn(Zxid.of(1, 2)));
        ctx.history().commit(Zxid.of(1, 1));
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(1, Zxid.of(1, 1), 1));
        assertThat(leader.epoch()).isEqualTo(2);
        leader.onMessage(1, new PeerMessage.AckEpoch(1, Zxid.of(1, 1)));
        return leader;
    }

    @Test
    @Tag("04.3")
    void after_a_quorum_of_epoch_acks_a_follower_gets_snap_then_the_uncommitted_txns_then_newleader() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = leaderSyncingFollowerOne(ctx);
        assertThat(ctx.currentEpoch).isEqualTo(2);

        assertThat(ctx.sentTo(1)).hasSize(4);
        assertThat(ctx.sentTo(1).get(0)).isEqualTo(new PeerMessage.LeaderInfo(2));
        PeerMessage.Snap snap = (PeerMessage.Snap) ctx.sentTo(1).get(1);
        assertThat(snap.zxid()).as("the committed state only").isEqualTo(Zxid.of(1, 1));
        assertThat(ctx.sentTo(1).get(2)).isInstanceOfSatisfying(PeerMessage.Proposal.class,
                p -> assertThat(p.zxid()).as("the logged, uncommitted txn").isEqualTo(Zxid.of(1, 2)));
        assertThat(ctx.sentTo(1).get(3)).isEqualTo(new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThat(leader.learners()).containsEntry(1, "SYNCING");
        assertThat(leader.isEstablished()).isFalse();
    }

    @Test
    @Tag("04.3")
    void a_quorum_of_newleader_acks_establishes_the_leader_commits_its_history_and_sends_uptodate() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = leaderSyncingFollowerOne(ctx);
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 2))); // the synced proposal: nothing to count
        assertThat(leader.isEstablished()).isFalse();
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(2, 0)));

        assertThat(leader.isEstablished()).isTrue();
        assertThat(ctx.history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 2));
        assertThat(ctx.delivered).extracting(t -> t.header().zxid()).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(ctx.sentTo(1)).last().isEqualTo(new PeerMessage.UpToDate(Zxid.of(1, 2)));
        assertThat(leader.learners()).containsEntry(1, "SERVING");

        leader.onMessage(2, new PeerMessage.FollowerInfo(0, 0, 1)); // a latecomer is synchronized and served on its own
        leader.onMessage(2, new PeerMessage.AckEpoch(0, 0));
        assertThat(ctx.sentTo(2, PeerMessage.Snap.class)).singleElement().extracting(PeerMessage.Snap::zxid).isEqualTo(Zxid.of(1, 2));
        assertThat(ctx.sentTo(2)).last().isEqualTo(new PeerMessage.NewLeader(Zxid.of(2, 0)));
        leader.onMessage(2, new PeerMessage.Ack(Zxid.of(2, 0)));
        assertThat(ctx.sentTo(2)).last().isEqualTo(new PeerMessage.UpToDate(Zxid.of(1, 2)));
    }

    @Test
    @Tag("04.3")
    void the_leaders_own_newleader_ack_counts_only_once_its_log_is_durable() {
        ScriptedContext ctx = new ScriptedContext(3, FIVE);
        ctx.slowLog = true;
        Leader leader = new Leader(ctx, 1);
        leader.start();
        for (int follower : new int[] {1, 2}) {
            leader.onMessage(follower, new PeerMessage.FollowerInfo(0, 0, 1));
        }
        for (int follower : new int[] {1, 2}) {
            leader.onMessage(follower, new PeerMessage.AckEpoch(0, 0));
        }
        for (int follower : new int[] {1, 2}) {
            leader.onMessage(follower, new PeerMessage.Ack(Zxid.of(1, 0)));
        }
        assertThat(leader.isEstablished()).as("{1, 2} of 5 without the leader's own ack").isFalse();
        ctx.flushLog();
        assertThat(leader.isEstablished()).isTrue();
        assertThat(ctx.sentTo(1)).last().isEqualTo(new PeerMessage.UpToDate(0));
        assertThat(ctx.sentTo(2)).last().isEqualTo(new PeerMessage.UpToDate(0));
    }

    @Test
    @Tag("04.3")
    void an_ack_other_than_the_one_due_drops_the_learner() {
        ScriptedContext ctx = new ScriptedContext(3, THREE);
        Leader leader = leaderSyncingFollowerOne(ctx);
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(2, 0))); // the ACK of 0x1_2 was lost on the way
        assertThat(leader.learners()).doesNotContainKey(1);
        assertThat(leader.isEstablished()).isFalse();
    }

    @Test
    @Tag("04.3")
    void a_follower_installs_the_snapshot_and_acks_newleader_once_durable_with_the_epoch_as_its_current_one() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        ctx.history().log(txn(Zxid.of(1, 1)));
        Follower follower = new Follower(ctx, 3, 1);
        follower.start();
        follower.onMessage(3, new PeerMessage.LeaderInfo(2));
        follower.onMessage(3, new PeerMessage.Snap(new byte[0], Zxid.of(1, 4)));
        assertThat(ctx.history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 4));
        assertThat(ctx.history().uncommitted()).as("the snapshot replaces what was logged").isEmpty();

        ctx.slowLog = true;
        follower.onMessage(3, new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThat(ctx.currentEpoch).as("not before the synced history is durable").isZero();
        assertThat(ctx.sentTo(3, PeerMessage.Ack.class)).isEmpty();
        ctx.flushLog();
        assertThat(ctx.currentEpoch).isEqualTo(2);
        assertThat(ctx.sentTo(3)).last().isEqualTo(new PeerMessage.Ack(Zxid.of(2, 0)));
        assertThat(follower.isServing()).isFalse();

        follower.onMessage(3, new PeerMessage.UpToDate(Zxid.of(1, 4)));
        assertThat(follower.isServing()).isTrue();
        assertThat(ctx.endedBecause).isNull();
    }

    @Test
    @Tag("04.3")
    void a_follower_breaks_the_connection_on_newleader_before_the_snapshot_or_of_another_epoch() {
        ScriptedContext early = new ScriptedContext(1, THREE);
        Follower first = new Follower(early, 3, 1);
        first.start();
        first.onMessage(3, new PeerMessage.LeaderInfo(1));
        first.onMessage(3, new PeerMessage.NewLeader(Zxid.of(1, 0)));
        assertThat(early.endedBecause).contains("broken");
        assertThat(early.currentEpoch).isZero();

        ScriptedContext other = new ScriptedContext(1, THREE);
        Follower second = new Follower(other, 3, 1);
        second.start();
        second.onMessage(3, new PeerMessage.LeaderInfo(1));
        second.onMessage(3, new PeerMessage.Snap(new byte[0], 0));
        second.onMessage(3, new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThat(other.endedBecause).contains("broken");
        assertThat(other.sentTo(3, PeerMessage.Ack.class)).isEmpty();

        ScriptedContext twice = new ScriptedContext(1, THREE);
        Follower third = new Follower(twice, 3, 1);
        third.start();
        third.onMessage(3, new PeerMessage.LeaderInfo(1));
        third.onMessage(3, new PeerMessage.Snap(new byte[0], 0));
        third.onMessage(3, new PeerMessage.Snap(new byte[0], 0));
        assertThat(twice.endedBecause).contains("broken");
    }

    @Test
    @Tag("04.3")
    void uptodate_before_newleader_breaks_the_connection_and_one_that_loses_a_delivered_txn_crashes() {
        ScriptedContext early = new ScriptedContext(1, THREE);
        Follower first = new Follower(early, 3, 1);
        first.start();
        first.onMessage(3, new PeerMessage.LeaderInfo(1));
        first.onMessage(3, new PeerMessage.Snap(new byte[0], 0));
        first.onMessage(3, new PeerMessage.UpToDate(0));
        assertThat(early.endedBecause).contains("broken");
        assertThat(first.isServing()).isFalse();

        ScriptedContext ahead = new ScriptedContext(1, THREE);
        ahead.history().restore(new byte[0], Zxid.of(1, 5)); // it delivered up to 0x1_5
        Follower second = new Follower(ahead, 3, 1);
        second.start();
        second.onMessage(3, new PeerMessage.LeaderInfo(2));
        second.onMessage(3, new PeerMessage.Snap(new byte[0], Zxid.of(1, 3))); // a leader whose history ends lower
        second.onMessage(3, new PeerMessage.NewLeader(Zxid.of(2, 0)));
        assertThatThrownBy(() -> second.onMessage(3, new PeerMessage.UpToDate(Zxid.of(1, 3))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a committed txn is lost");
    }

    @Test
    @Tag("04.3")
    void an_observer_is_synchronized_only_once_the_leader_is_established() {
        ScriptedContext ctx = new ScriptedContext(3, QuorumVerifier.majorityOf(3).withObservers(4));
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(4, new PeerMessage.ObserverInfo(0, 0, 1));
        leader.onMessage(1, new PeerMessage.FollowerInfo(0, 0, 1));
        leader.onMessage(4, new PeerMessage.AckEpoch(0, 0));
        leader.onMessage(1, new PeerMessage.AckEpoch(0, 0));
        assertThat(ctx.sentTo(4)).containsExactly(new PeerMessage.LeaderInfo(1)); // nothing uncommitted may reach it

        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 0)));
        assertThat(leader.isEstablished()).isTrue();
        assertThat(ctx.sentTo(4)).hasSize(3).last().isEqualTo(new PeerMessage.NewLeader(Zxid.of(1, 0)));
        leader.onMessage(4, new PeerMessage.Ack(Zxid.of(1, 0)));
        assertThat(ctx.sentTo(4)).last().isEqualTo(new PeerMessage.UpToDate(0));
        assertThat(leader.learners()).containsEntry(4, "SERVING");
    }
}
