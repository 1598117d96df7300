package dev.minizk.election;

import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Timeline;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.minizk.election.PeerState.LOOKING;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.6: when nothing is heard, send again, waiting twice as long each time (200 ms up to 60 s). */
class ResendTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private static List<Long> gaps(RecordingNode<Notification> peer) {
        List<Long> gaps = new ArrayList<>();
        var received = peer.received();
        for (int i = 1; i < received.size(); i++) {
            gaps.add(received.get(i).time() - received.get(i - 1).time());
        }
        return gaps;
    }

    @Test
    @Tag("03.6")
    void a_server_nobody_answers_sends_again_after_200_ms_then_twice_as_long_each_time_up_to_a_minute() {
        Ensemble ensemble = new Ensemble(1, SimConfig.reliable().withNetwork(NetworkFaults.reliable().withDelay(2, 2)),
                QuorumVerifier.majorityOf(3));
        trace.watch(ensemble.sim);
        RecordingNode<Notification> two = ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5));

        ensemble.sim.runFor(400_000);

        assertThat(gaps(two)).startsWith(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 51_200L, 60_000L, 60_000L);
        assertThat(two.messages()).allMatch(n -> n.equals(two.messages().get(0)));
        assertThat(ensemble.fle(1).resendInterval()).isEqualTo(60_000);
    }

    @Test
    @Tag("03.6")
    void hearing_anything_postpones_the_resend() {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(3));
        trace.watch(ensemble.sim);
        RecordingNode<Notification> two = ensemble.scriptedPeer(2);
        ensemble.scriptedPeer(3);
        ensemble.server(1, Zxid.of(1, 5));
        ensemble.sim.runFor(10);
        two.clear();

        for (int i = 0; i < 10; i++) { // a worse vote every 150 ms: nothing to adopt, but not idle
            ensemble.inject(3, 1, Notification.of(LOOKING, new Vote(3, Zxid.of(1, 1), 1), 1, 3));
            ensemble.sim.runFor(150);
        }
        long lastHeard = ensemble.sim.now() - 150;
        assertThat(two.messages()).as("nothing re-sent while messages keep coming").isEmpty();
        ensemble.sim.runFor(300);

        assertThat(two.received()).singleElement().satisfies(r -> assertThat(r.time()).isBetween(lastHeard + 200, lastHeard + 210));
    }

    @Test
    @Tag("03.6")
    void an_election_finishes_even_when_one_message_in_four_is_lost() {
        for (long seed = 1; seed <= 20; seed++) {
            NetworkFaults lossy = new NetworkFaults(1, 20, 0.25, 0.05, false);
            Ensemble ensemble = new Ensemble(seed, SimConfig.reliable().withNetwork(lossy), QuorumVerifier.majorityOf(5));
            for (int id = 1; id <= 5; id++) {
                ensemble.server(id, Zxid.of(1, 10 - id));
            }
            trace.watch(ensemble.sim);

            assertThat(ensemble.awaitSettled(60_000)).as("seed %d", seed).isEqualTo(1);
        }
    }

    @Test
    @Tag("03.6")
    void a_server_partitioned_at_the_start_joins_once_the_partition_heals() {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(5));
        trace.watch(ensemble.sim);
        for (int id = 1; id <= 5; id++) {
            ensemble.server(id, Zxid.of(1, id));
        }
        ensemble.sim.partition(Set.of(1, 2, 3, 4), Set.of(5));
        ensemble.sim.runFor(3_000);
        assertThat(ensemble.establishedLeader()).contains(4);
        assertThat(ensemble.fle(5).state()).isEqualTo(LOOKING);

        ensemble.sim.heal();

        assertThat(ensemble.awaitSettled(5_000)).as("5 has the best log but joins the established leader").isEqualTo(4);
    }

    /** RESEND timers of server 1 that fired, from the timeline. */
    private static long resendsFired(Ensemble ensemble) {
        return ensemble.sim.timeline().events().stream()
                .filter(e -> e.node() == 1 && e.kind() == Timeline.Kind.TIMER && e.detail() == ElectionTimer.RESEND).count();
    }

    @Test
    void looking_again_replaces_the_resend_timer_instead_of_adding_one() {
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(3));
        trace.watch(ensemble.sim);
        ensemble.server(1, Zxid.of(1, 5)); // 2 and 3 never come: server 1 is alone
        for (int i = 0; i < 2; i++) {
            ensemble.sim.act(1, "look again", n -> ((FastLeaderElection) n).lookForLeader());
        }

        ensemble.sim.runFor(10_000);

        // one schedule: 200, 600, 1400, 3000, 6200 ms (the interval doubles from 200 ms)
        assertThat(resendsFired(ensemble)).isEqualTo(5);
    }

    @Test
    void a_server_that_looks_again_votes_with_its_log_as_it_is_then() {
        long[] lastZxid = {Zxid.of(1, 5)};
        ElectionConfig config = ElectionConfig.of(QuorumVerifier.majorityOf(3), () -> lastZxid[0], () -> Zxid.epochOf(lastZxid[0]));
        Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(3));
        trace.watch(ensemble.sim);
        ensemble.sim.addNode(1, n -> new FastLeaderElection(config));
        ensemble.sim.runFor(1);
        assertThat(ensemble.fle(1).proposal()).isEqualTo(new Vote(1, Zxid.of(1, 5), 1));

        lastZxid[0] = Zxid.of(2, 7); // what following a leader of epoch 2 for a while would leave
        ensemble.sim.act(1, "look again", n -> ((FastLeaderElection) n).lookForLeader());
        ensemble.sim.runFor(1);

        assertThat(ensemble.fle(1).proposal()).isEqualTo(new Vote(1, Zxid.of(2, 7), 2));
    }
}
