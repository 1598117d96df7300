package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.LEADER;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.establishedLeader;
import static dev.minizk.zab.Scripts.servingFollower;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task 04.4: proposing and counting acks. The established leader gives each write the next
 * zxid, logs it, sends PROPOSAL to the followers it forwards to, and counts ACKs (its own once
 * its log holds the txn) towards a quorum; at most {@code maxOutstandingProposals} are in
 * flight. A follower logs each proposal in order and acks it once durable. (Five voters in most
 * tests here, so that two acks are no quorum yet and nothing commits.)
 */
class ProposalTest {

    @Test
    @Tag("04.4")
    void a_proposal_goes_to_every_follower_in_the_forwarding_set_and_to_no_one_else() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE.withObservers(6));
        Leader leader = establishedLeader(ctx, 1, 2, 4);
        Scripts.connectObserver(ctx, leader, 6);
        leader.onMessage(5, new PeerMessage.FollowerInfo(0, 0, 1)); // connected, not synchronized yet

        leader.propose(txn(leader.nextZxid()));
        for (int follower : new int[] {1, 2, 4}) {
            assertThat(ctx.sentTo(follower, PeerMessage.Proposal.class)).as("to %d", follower)
                    .singleElement().extracting(PeerMessage.Proposal::zxid).isEqualTo(Zxid.of(1, 1));
        }
        assertThat(ctx.sentTo(6)).as("an observer sees no proposal").isEmpty();
        assertThat(ctx.sentTo(5)).containsExactly(new PeerMessage.LeaderInfo(1));
        assertThat(ctx.history().lastLoggedZxid()).as("the leader logs it too").isEqualTo(Zxid.of(1, 1));
        assertThat(ctx.history().lastCommittedZxid()).isZero();
        assertThat(leader.outstandingProposals()).isEqualTo(1);
    }

    @Test
    @Tag("04.4")
    void the_leader_counts_its_own_ack_once_its_log_holds_the_txn() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2);
        ctx.slowLog = true;
        leader.propose(txn(Zxid.of(1, 1)));
        assertThat(leader.ackersOf(Zxid.of(1, 1))).isEmpty();
        ctx.flushLog();
        assertThat(leader.ackersOf(Zxid.of(1, 1))).containsExactly(LEADER);
    }

    @Test
    @Tag("04.4")
    void followers_acks_count_and_an_ack_from_a_server_not_connected_does_not() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2);
        leader.propose(txn(Zxid.of(1, 1)));
        leader.propose(txn(Zxid.of(1, 2)));
        ctx.slowLog = true;
        leader.propose(txn(Zxid.of(1, 3)));
        leader.onMessage(5, new PeerMessage.Ack(Zxid.of(1, 1)));
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 1)));
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 2)));
        leader.onMessage(1, new PeerMessage.Ack(Zxid.of(1, 3)));
        assertThat(leader.ackersOf(Zxid.of(1, 1))).isEqualTo(Set.of(LEADER, 1));
        assertThat(leader.ackersOf(Zxid.of(1, 2))).isEqualTo(Set.of(LEADER, 1));
        assertThat(leader.ackersOf(Zxid.of(1, 3))).as("the leader's own ack waits for its log").isEqualTo(Set.of(1));
        assertThat(leader.outstandingProposals()).isEqualTo(3);
    }

    @Test
    @Tag("04.4")
    void an_ack_that_skips_one_drops_the_follower_and_is_not_counted() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2);
        leader.propose(txn(Zxid.of(1, 1)));
        leader.propose(txn(Zxid.of(1, 2)));
        leader.onMessage(2, new PeerMessage.Ack(Zxid.of(1, 2))); // its ACK of 0x1_1 was lost
        assertThat(leader.learners()).doesNotContainKey(2);
        assertThat(leader.ackersOf(Zxid.of(1, 2))).isEqualTo(Set.of(LEADER));

        leader.propose(txn(Zxid.of(1, 3)));
        assertThat(ctx.sentTo(2, PeerMessage.Proposal.class)).as("a dropped follower gets no more").hasSize(2);
    }

    @Test
    @Tag("04.4")
    void the_leader_proposes_only_when_established_below_its_bound_and_with_the_next_zxid() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        ctx.config = ZabConfig.simulated().withMaxOutstandingProposals(2);
        Leader unestablished = new Leader(ctx, 1);
        unestablished.start();
        assertThat(unestablished.canPropose()).isFalse();

        ScriptedContext established = new ScriptedContext(LEADER, FIVE);
        established.config = ZabConfig.simulated().withMaxOutstandingProposals(2);
        Leader leader = establishedLeader(established, 1, 2);
        assertThat(leader.canPropose()).isTrue();
        assertThatThrownBy(() -> leader.propose(txn(Zxid.of(1, 2)))).isInstanceOf(IllegalArgumentException.class);
        leader.propose(txn(leader.nextZxid()));
        leader.propose(txn(leader.nextZxid()));
        assertThat(leader.canPropose()).as("two outstanding of two").isFalse();
        assertThatThrownBy(() -> leader.propose(txn(Zxid.of(1, 3)))).isInstanceOf(IllegalStateException.class);
        assertThat(leader.outstandingProposals()).isEqualTo(2);
        assertThat(established.sentTo(1, PeerMessage.Proposal.class)).hasSize(2);
    }

    @Test
    @Tag("04.4")
    void a_follower_logs_each_proposal_and_acks_it_once_durable() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        ctx.slowLog = true;
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 2))));
        assertThat(ctx.history().lastLoggedZxid()).isEqualTo(Zxid.of(1, 2));
        assertThat(ctx.sentTo(LEADER)).isEmpty();
        ctx.flushLog();
        assertThat(ctx.sentTo(LEADER)).containsExactly(new PeerMessage.Ack(Zxid.of(1, 1)), new PeerMessage.Ack(Zxid.of(1, 2)));
        assertThat(ctx.delivered).as("logged is not committed").isEmpty();
    }

    @Test
    @Tag("04.4")
    void a_follower_that_misses_a_proposal_breaks_the_connection_instead_of_acking_past_the_gap() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 3)))); // 0x1_2 was lost
        assertThat(ctx.endedBecause).contains("one was lost");
        assertThat(ctx.sentTo(LEADER)).containsExactly(new PeerMessage.Ack(Zxid.of(1, 1)));
        assertThat(ctx.history().lastLoggedZxid()).isEqualTo(Zxid.of(1, 1));
    }

    @Test
    @Tag("04.4")
    void an_observer_is_not_sent_proposals_and_its_acks_never_count() {
        ScriptedContext ctx = new ScriptedContext(LEADER, QuorumVerifier.majorityOf(5).withObservers(6));
        Leader leader = establishedLeader(ctx, 1, 2);
        Scripts.connectObserver(ctx, leader, 6);
        leader.propose(txn(Zxid.of(1, 1)));
        leader.onMessage(6, new PeerMessage.Ack(Zxid.of(1, 1)));
        assertThat(leader.ackersOf(Zxid.of(1, 1))).isEqualTo(Set.of(LEADER));
        assertThat(ctx.sentTo(6, PeerMessage.Proposal.class)).isEmpty();
    }
}
