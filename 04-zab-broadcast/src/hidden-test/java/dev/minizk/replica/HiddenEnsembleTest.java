package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Learner;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only ensemble checks for tasks 04.3, 04.5 and 04.8. */
class HiddenEnsembleTest {

    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure();

    @Test
    @Tag("04.3")
    void five_servers_and_an_observer_establish_epoch_one_with_everyone_serving_and_the_epoch_current_everywhere() {
        Ensemble e = new Ensemble(41, SimConfig.reliable(), QuorumVerifier.majorityOf(5).withObservers(6), ZabConfig.simulated());
        timeline.watch(e.sim);
        e.settle(5_000);
        assertThat(e.leader()).contains(5);
        for (int id = 1; id <= 6; id++) {
            Replica replica = e.replica(id).orElseThrow();
            assertThat(replica.currentEpoch()).as("server %d", id).isEqualTo(1);
            if (id != 5) {
                assertThat(((Learner) replica.role()).isServing()).isTrue();
            }
        }
        assertThat(e.replica(6).orElseThrow().role().name()).isEqualTo("OBSERVING");
        assertThat(e.recorder.establishments()).hasSize(1);
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.5")
    void five_servers_and_an_observer_deliver_many_pipelined_batches_identically_in_zxid_order() {
        Ensemble e = new Ensemble(42, SimConfig.reliable(), QuorumVerifier.majorityOf(5).withObservers(6), ZabConfig.simulated());
        timeline.watch(e.sim);
        e.settle(5_000);
        for (int batch = 0; batch < 5; batch++) {
            e.write(12);
            e.sim.runFor(3);
        }
        e.settle(3_000);
        List<Long> expected = LongStream.rangeClosed(1, 60).map(c -> Zxid.of(1, c)).boxed().toList();
        for (int id = 1; id <= 6; id++) {
            assertThat(e.recorder.deliveredZxids(id)).as("server %d", id).isEqualTo(expected);
        }
        assertThat(e.recorder.commits()).hasSize(60).allSatisfy(c -> assertThat(e.verifier.containsQuorum(c.ackers())).isTrue());
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.8")
    void a_leader_that_loses_both_followers_steps_down_and_a_new_epoch_serves_once_they_return() {
        Ensemble e = new Ensemble(43, 3);
        timeline.watch(e.sim);
        e.settle(5_000);
        int leader = e.leader().orElseThrow();
        e.write(3);
        e.settle(2_000);
        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                e.sim.crash(id);
            }
        }
        e.write(2); // no one acks these
        e.sim.runFor(2_000);
        assertThat(e.replica(leader).orElseThrow().role().name()).isEqualTo("LOOKING");
        assertThat(e.replica(leader).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 3));

        for (int id = 1; id <= 3; id++) {
            if (id != leader) {
                e.sim.restart(id);
            }
        }
        e.settle(10_000);
        assertThat(e.leaderRole().epoch()).isGreaterThanOrEqualTo(2);
        e.write(2);
        e.settle(2_000);
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }
}
