package dev.minizk.election;

import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;

import static dev.minizk.election.PeerState.LOOKING;
import static dev.minizk.election.PeerState.OBSERVING;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.7: observers learn the leader, never vote, never count, never lead. */
class ObserverTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private static final QuorumVerifier THREE_AND_AN_OBSERVER = QuorumVerifier.majorityOf(3).withObservers(4);

    @Test
    @Tag("03.7")
    void an_observer_starts_by_proposing_nobody() {
        Ensemble ensemble = new Ensemble(THREE_AND_AN_OBSERVER);
        trace.watch(ensemble.sim);
        RecordingNode<Notification> one = ensemble.scriptedPeer(1);
        ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(4, Zxid.of(9, 999));
        ensemble.sim.runFor(10);

        assertThat(one.messages()).containsExactly(Notification.of(LOOKING, Vote.NONE, 1, 4));
        assertThat(ensemble.fle(4).receivedVotes()).as("its own vote is no vote").isEmpty();
    }

    @Test
    @Tag("03.7")
    void an_observer_with_the_longest_log_is_never_elected_and_ends_up_observing() {
        Ensemble ensemble = new Ensemble(THREE_AND_AN_OBSERVER)
                .server(4, Zxid.of(9, 999)).server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 7)).server(3, Zxid.of(1, 6));
        trace.watch(ensemble.sim);

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(2);
        assertThat(ensemble.fle(4).state()).isEqualTo(OBSERVING);
        assertThat(ensemble.fle(4).decision().vote().leader()).isEqualTo(2);
        assertThat(ensemble.decisions()).noneMatch(d -> d.vote().leader() == 4);
    }

    @Test
    @Tag("03.7")
    void voters_answer_an_observer_but_never_record_adopt_or_follow_its_round() {
        Ensemble ensemble = new Ensemble(THREE_AND_AN_OBSERVER);
        trace.watch(ensemble.sim);
        ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        RecordingNode<Notification> observer = ensemble.scriptedPeer(4);
        ensemble.server(1, Zxid.of(1, 5));
        ensemble.sim.runFor(10);

        ensemble.inject(4, 1, Notification.of(LOOKING, Vote.NONE, 7, 4));

        Vote mine = new Vote(1, Zxid.of(1, 5), 1);
        assertThat(ensemble.fle(1).round()).isEqualTo(1);
        assertThat(ensemble.fle(1).proposal()).isEqualTo(mine);
        assertThat(ensemble.fle(1).receivedVotes()).isEqualTo(Map.of(1, mine));
        ensemble.sim.runFor(10);
        assertThat(observer.messages()).containsExactly(Notification.of(LOOKING, mine, 1, 1));
    }

    @Test
    @Tag("03.7")
    void observers_never_make_a_quorum_however_many() {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(3).withObservers(4, 5, 6));
        trace.watch(ensemble.sim);
        for (int id = 1; id <= 6; id++) {
            ensemble.server(id, Zxid.of(1, id));
        }
        ensemble.sim.partition(Set.of(1, 4, 5, 6), Set.of(2, 3));
        ensemble.sim.runFor(3_000);

        assertThat(ensemble.fle(1).state()).isEqualTo(LOOKING);
        assertThat(ensemble.fle(4).state()).isEqualTo(LOOKING);
        assertThat(ensemble.establishedLeader()).contains(3);

        ensemble.sim.heal();
        assertThat(ensemble.awaitSettled(10_000)).isEqualTo(3);
        assertThat(ensemble.fle(5).state()).isEqualTo(OBSERVING);
    }

    @Test
    @Tag("03.7")
    void an_observer_that_starts_late_learns_the_established_leader() {
        Ensemble ensemble = new Ensemble(THREE_AND_AN_OBSERVER)
                .server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 7)).server(3, Zxid.of(1, 6));
        trace.watch(ensemble.sim);
        ensemble.sim.runFor(1_000);
        ensemble.server(4, Zxid.of(1, 1));

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(2);
        assertThat(ensemble.fle(4).state()).isEqualTo(OBSERVING);
    }
}
