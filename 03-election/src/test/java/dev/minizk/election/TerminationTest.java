package dev.minizk.election;

import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;

import static dev.minizk.election.PeerState.FOLLOWING;
import static dev.minizk.election.PeerState.LEADING;
import static dev.minizk.election.PeerState.LOOKING;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.4: deciding once a quorum agrees, after a finalize wait in which a better vote restarts the count. */
class TerminationTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private Ensemble ensemble(int voters) {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(voters));
        trace.watch(ensemble.sim);
        return ensemble;
    }

    @Test
    @Tag("03.4")
    void three_servers_elect_the_one_with_the_longest_log() {
        Ensemble ensemble = ensemble(3)
                .server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 9)).server(3, Zxid.of(1, 7));

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(2);
        assertThat(ensemble.fle(1).state()).isEqualTo(FOLLOWING);
        assertThat(ensemble.fle(3).state()).isEqualTo(FOLLOWING);
        assertThat(ensemble.fle(2).decision().vote()).isEqualTo(new Vote(2, Zxid.of(1, 9), 1));
        assertThat(ensemble.fle(2).decision().round()).isEqualTo(1);
    }

    @Test
    @Tag("03.4")
    void five_servers_elect_the_newest_epoch_before_the_longest_log() {
        Ensemble ensemble = ensemble(5)
                .server(1, Zxid.of(1, 50)).server(2, Zxid.of(1, 80)).server(3, Zxid.of(2, 1), 2)
                .server(4, Zxid.of(1, 80)).server(5, Zxid.of(1, 10));

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(3);
        assertThat(ensemble.decisions()).hasSize(5).allMatch(d -> d.vote().leader() == 3);
    }

    @Test
    @Tag("03.4")
    void equal_logs_are_decided_by_the_highest_server_id() {
        Ensemble ensemble = ensemble(5);
        for (int id = 1; id <= 5; id++) {
            ensemble.server(id, Zxid.of(3, 12));
        }

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(5);
    }

    @Test
    @Tag("03.4")
    void a_quorum_decides_only_after_the_finalize_wait() {
        Ensemble ensemble = ensemble(3);
        ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5));
        ensemble.sim.runFor(10);

        ensemble.inject(2, 1, Notification.of(LOOKING, new Vote(1, Zxid.of(1, 5), 1), 1, 2)); // 2 votes for us: a quorum
        long quorumAt = ensemble.sim.now();
        ensemble.sim.runFor(199);
        assertThat(ensemble.fle(1).state()).as("199 ms into the finalize wait").isEqualTo(LOOKING);
        ensemble.sim.runFor(1);

        assertThat(ensemble.fle(1).state()).isEqualTo(LEADING);
        assertThat(ensemble.history.get(0).time()).isEqualTo(quorumAt + 200);
        assertThat(ensemble.fle(1).decision().supporters()).isEqualTo(Set.of(1, 2));
    }

    @Test
    @Tag("03.4")
    void a_better_vote_during_the_finalize_wait_restarts_the_count() {
        Ensemble ensemble = ensemble(3);
        RecordingNode<Notification> two = ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5));
        ensemble.sim.runFor(10);
        Vote three = new Vote(3, Zxid.of(1, 8), 1);

        ensemble.inject(2, 1, Notification.of(LOOKING, new Vote(1, Zxid.of(1, 5), 1), 1, 2)); // a quorum for us …
        ensemble.sim.runFor(150);
        ensemble.inject(3, 1, Notification.of(LOOKING, three, 1, 3)); // … until 3's better vote: we move to 3
        long betterAt = ensemble.sim.now();
        ensemble.sim.runFor(100);
        assertThat(ensemble.fle(1).state()).as("the first count would have ended 50 ms ago").isEqualTo(LOOKING);
        assertThat(two.messages()).contains(Notification.of(LOOKING, three, 1, 1));
        ensemble.sim.runFor(200);

        assertThat(ensemble.fle(1).state()).isEqualTo(FOLLOWING);
        assertThat(ensemble.fle(1).decision().vote()).isEqualTo(three);
        assertThat(ensemble.fle(1).decision().supporters()).containsExactlyInAnyOrder(1, 3);
        assertThat(ensemble.history).singleElement().satisfies(d -> assertThat(d.time()).isEqualTo(betterAt + 200));
    }

    @Test
    @Tag("03.4")
    void a_late_server_with_the_best_log_still_wins_if_it_speaks_up_within_the_finalize_wait() {
        Ensemble ensemble = ensemble(3).server(1, Zxid.of(1, 5)).server(2, Zxid.of(1, 6));
        ensemble.sim.runFor(50); // 1 and 2 agree on 2 and wait
        ensemble.server(3, Zxid.of(1, 7));

        assertThat(ensemble.awaitSettled(2_000)).isEqualTo(3);
        assertThat(ensemble.decisions()).noneMatch(d -> d.vote().leader() == 2);
    }

    @Test
    @Tag("03.4")
    void with_the_leader_to_be_cut_off_the_others_elect_the_best_among_themselves() {
        Ensemble ensemble = ensemble(5);
        for (int id = 1; id <= 5; id++) {
            ensemble.server(id, Zxid.of(1, 10 + id));
        }
        ensemble.sim.partition(Set.of(1, 2, 3, 4), Set.of(5));

        assertThat(ensemble.sim.runUntil(() -> ensemble.establishedLeader().isPresent(), 2_000)).isTrue();
        ensemble.sim.runFor(300);

        assertThat(ensemble.establishedLeader()).contains(4);
        assertThat(ensemble.fle(5).state()).isEqualTo(LOOKING);
        assertThat(ensemble.decisions()).hasSize(4).allMatch(d -> d.vote().leader() == 4);
    }
}
