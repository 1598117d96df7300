package dev.minizk.election;

import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.minizk.election.PeerState.FOLLOWING;
import static dev.minizk.election.PeerState.LEADING;
import static dev.minizk.election.PeerState.LOOKING;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.5: decided servers answer; a late or restarted server joins the established leader. */
class JoinTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private Ensemble ensemble(int voters) {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(voters));
        trace.watch(ensemble.sim);
        return ensemble;
    }

    @Test
    @Tag("03.5")
    void decided_servers_answer_a_looking_server_with_their_decision_and_nothing_else() {
        Ensemble ensemble = ensemble(3);
        RecordingNode<Notification> three = ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 6));
        ensemble.sim.runUntil(() -> ensemble.decisions().size() == 2, 2_000);
        three.clear();
        Vote two = new Vote(2, Zxid.of(1, 6), 1);

        ensemble.inject(3, 1, Notification.of(LOOKING, new Vote(3, Zxid.of(1, 1), 1), 1, 3));
        ensemble.inject(3, 2, Notification.of(LOOKING, new Vote(3, Zxid.of(1, 1), 1), 1, 3));
        ensemble.inject(3, 2, Notification.of(FOLLOWING, two, 1, 3)); // not LOOKING: no answer
        ensemble.sim.runFor(20);

        assertThat(three.messages()).containsExactlyInAnyOrder(
                Notification.of(FOLLOWING, two, 1, 1),
                Notification.of(LEADING, two, 1, 2));
    }

    @Test
    @Tag("03.5")
    void a_server_that_starts_after_the_election_follows_the_leader_even_with_a_longer_log() {
        Ensemble ensemble = ensemble(3).server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 6));
        ensemble.sim.runFor(1_000);
        ensemble.server(3, Zxid.of(1, 9));

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(2);
        Decision joined = ensemble.fle(3).decision();
        assertThat(joined.state()).isEqualTo(FOLLOWING);
        assertThat(joined.round()).isEqualTo(ensemble.fle(2).decision().round());
    }

    @Test
    @Tag("03.5")
    void a_restarted_follower_rejoins_its_leader() {
        Ensemble ensemble = ensemble(5);
        for (int id = 1; id <= 5; id++) {
            ensemble.server(id, Zxid.of(2, id));
        }
        ensemble.awaitSettled(2_000);
        for (int id = 1; id <= 5; id++) {
            ensemble.sim.act(id, "elect again", n -> ((FastLeaderElection) n).lookForLeader());
        }
        ensemble.awaitSettled(2_000); // 5 leads again, now in round 2
        ensemble.sim.crash(1);
        ensemble.sim.runFor(500);
        ensemble.sim.restart(1); // 1 comes back in round 1 of its new life

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(5);
        assertThat(ensemble.fle(1).decision().joined()).isTrue();
        assertThat(ensemble.fle(1).round()).as("the leader's round").isEqualTo(2);
    }

    @Test
    @Tag("03.5")
    void a_quorum_of_followers_is_not_enough_the_leader_itself_must_say_it_leads() {
        Ensemble ensemble = ensemble(5);
        for (int id = 1; id <= 4; id++) {
            ensemble.server(id, Zxid.of(1, id));
        }
        ensemble.awaitSettled(2_000); // 4 leads 1, 2, 3
        ensemble.server(5, Zxid.of(1, 1));
        ensemble.sim.cutOneWay(4, 5); // 5 hears the followers, never the leader

        ensemble.sim.runFor(1_000);
        assertThat(ensemble.fle(5).state()).isEqualTo(LOOKING);

        ensemble.sim.heal();
        ensemble.sim.act(5, "look again", n -> ((FastLeaderElection) n).lookForLeader());
        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(4);
    }

    @Test
    @Tag("03.5")
    void in_our_own_round_a_quorum_reporting_the_leader_decides_at_once() {
        Ensemble ensemble = ensemble(3);
        ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5));
        ensemble.sim.runFor(10);
        Vote three = new Vote(3, Zxid.of(1, 8), 1);

        ensemble.inject(2, 1, Notification.of(FOLLOWING, three, 1, 2));
        assertThat(ensemble.fle(1).state()).as("the leader has not said it leads").isEqualTo(LOOKING);
        ensemble.inject(3, 1, Notification.of(LEADING, three, 1, 3));

        assertThat(ensemble.fle(1).state()).as("no finalize wait").isEqualTo(FOLLOWING);
        assertThat(ensemble.fle(1).decision().vote()).isEqualTo(three);
        assertThat(ensemble.fle(1).decision().round()).isEqualTo(1);
    }
}
