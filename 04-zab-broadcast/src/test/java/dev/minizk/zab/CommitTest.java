package dev.minizk.zab;

import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.LEADER;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.establishedLeader;
import static dev.minizk.zab.Scripts.servingFollower;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 04.5: committing in order. The leader commits the oldest outstanding proposal once a
 * quorum acked it (its own ack included), in zxid order, and tells followers COMMIT and
 * observers INFORM; a learner delivers exactly what was committed, in order.
 */
class CommitTest {

    private static java.util.List<Long> zxids(java.util.List<? extends dev.minizk.txn.LoggedTxn> txns) {
        return txns.stream().map(t -> t.header().zxid()).toList();
    }

    @Test
    @Tag("04.5")
    void a_proposal_commits_once_a_quorum_acked_it_the_leaders_own_ack_included() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2, 4);
        leader.propose(txn(Zxid.of(1, 1)));
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 1)));
        assertThat(ctx.delivered).as("{3, 1} of 5").isEmpty();
        assertThat(ctx.sentTo(1, PeerMessage.Commit.class)).isEmpty();

        leader.onMessage(2, new PeerMessage.Ack(Zxid.of(1, 1)));
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1));
        assertThat(leader.outstandingProposals()).isZero();
        for (int follower : new int[] {1, 2, 4}) {
            assertThat(ctx.sentTo(follower)).as("to %d", follower).last().isEqualTo(new PeerMessage.Commit(Zxid.of(1, 1)));
        }
        leader.onMessage(4, new PeerMessage.Ack(Zxid.of(1, 1))); // late: it is committed already
        assertThat(ctx.sentTo(4, PeerMessage.Commit.class)).hasSize(1);
        assertThat(leader.learners()).containsEntry(4, "SERVING");
    }

    @Test
    @Tag("04.5")
    void without_its_own_durable_ack_the_leader_needs_one_more_follower() {
        ScriptedContext ctx = new ScriptedContext(LEADER, THREE);
        Leader leader = establishedLeader(ctx, 1, 2);
        ctx.slowLog = true;
        leader.propose(txn(Zxid.of(1, 1)));
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 1)));
        assertThat(ctx.delivered).as("{1} of 3").isEmpty();
        ctx.flushLog();
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1));
        assertThat(ctx.sentTo(2)).last().isEqualTo(new PeerMessage.Commit(Zxid.of(1, 1)));
    }

    @Test
    @Tag("04.5")
    void pipelined_proposals_commit_in_zxid_order_and_observers_get_each_whole_by_inform() {
        ScriptedContext ctx = new ScriptedContext(LEADER, THREE.withObservers(4));
        Leader leader = establishedLeader(ctx, 1, 2);
        Scripts.connectObserver(ctx, leader, 4);
        ctx.slowLog = true;
        for (int c = 1; c <= 3; c++) {
            leader.propose(txn(Zxid.of(1, c)));
        }
        for (int c = 1; c <= 3; c++) {
            leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, c)));
            leader.onMessage(2, new PeerMessage.Ack(Zxid.of(1, c)));
        }
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
        assertThat(ctx.sentTo(1, PeerMessage.Commit.class)).extracting(PeerMessage.Commit::zxid)
                .containsExactly(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
        assertThat(ctx.sentTo(4)).allMatch(m -> m instanceof PeerMessage.Inform);
        assertThat(ctx.sentTo(4, PeerMessage.Inform.class)).extracting(PeerMessage.Inform::txn)
                .containsExactlyElementsOf(ctx.delivered);
        ctx.flushLog(); // the leader's own acks come late and change nothing
        assertThat(ctx.delivered).hasSize(3);
        assertThat(leader.outstandingProposals()).isZero();
    }

    @Test
    @Tag("04.5")
    void a_follower_delivers_only_what_the_leader_committed_and_in_order() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        for (int c = 1; c <= 3; c++) {
            follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, c))));
        }
        assertThat(ctx.delivered).isEmpty();
        follower.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 2))); // commits are in zxid order: 0x1_1 is committed too
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        follower.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 3)));
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
        assertThat(ctx.endedBecause).isNull();
    }

    @Test
    @Tag("04.5")
    void a_commit_of_a_txn_not_logged_or_already_delivered_breaks_the_connection() {
        ScriptedContext ahead = new ScriptedContext(1, THREE);
        Follower first = servingFollower(ahead);
        first.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        first.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 2))); // its proposal was lost
        assertThat(ahead.endedBecause).contains("broken");
        assertThat(ahead.delivered).isEmpty();

        ScriptedContext twice = new ScriptedContext(1, THREE);
        Follower second = servingFollower(twice);
        second.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        second.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 1)));
        assertThat(twice.endedBecause).isNull();
        second.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 1)));
        assertThat(twice.endedBecause).contains("broken");
        assertThat(twice.delivered).hasSize(1);
    }

    @Test
    @Tag("04.5")
    void an_observer_applies_each_inform_at_once_and_breaks_on_a_gap() {
        ScriptedContext ctx = new ScriptedContext(4, THREE.withObservers(4));
        Observer observer = new Observer(ctx, LEADER, 1);
        observer.start();
        assertThat(ctx.sentTo(LEADER)).containsExactly(new PeerMessage.ObserverInfo(0, 0, 1));
        observer.onMessage(LEADER, new PeerMessage.LeaderInfo(1));
        observer.onMessage(LEADER, new PeerMessage.Snap(new byte[0], 0));
        observer.onMessage(LEADER, new PeerMessage.NewLeader(Zxid.of(1, 0)));
        observer.onMessage(LEADER, new PeerMessage.UpToDate(0));
        assertThat(observer.isServing()).isTrue();

        observer.onMessage(LEADER, new PeerMessage.Inform(txn(Zxid.of(1, 1))));
        observer.onMessage(LEADER, new PeerMessage.Inform(txn(Zxid.of(1, 2))));
        assertThat(zxids(ctx.delivered)).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2));
        assertThat(ctx.sentTo(LEADER, PeerMessage.Ack.class)).as("only its NEWLEADER ack").hasSize(1);
        observer.onMessage(LEADER, new PeerMessage.Inform(txn(Zxid.of(1, 4))));
        assertThat(ctx.endedBecause).contains("one was lost");
        assertThat(ctx.delivered).hasSize(2);
    }
}
