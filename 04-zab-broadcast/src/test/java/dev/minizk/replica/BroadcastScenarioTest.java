package dev.minizk.replica;

import dev.minizk.election.Decision;
import dev.minizk.election.Notification;
import dev.minizk.election.PeerState;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.election.Vote;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.Establishment;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zab's phases as scripts in the simulator: an ensemble elects, the leader establishes an epoch,
 * writes flow through PROPOSAL, ACK and COMMIT, and faults are survived. Each test ends with
 * Zab's properties checked over everything the run recorded. Graded: a serving ensemble
 * (04.3), writes on a reliable network (04.5), and every run with a fault, which needs pings
 * and timeouts to recover (04.8).
 */
class BroadcastScenarioTest {

    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure();

    private Ensemble ensemble(long seed, int voters) {
        Ensemble ensemble = new Ensemble(seed, voters);
        timeline.watch(ensemble.sim);
        return ensemble;
    }

    private static List<Long> epochOneZxids(int count) {
        return LongStream.rangeClosed(1, count).map(c -> Zxid.of(1, c)).boxed().toList();
    }

    @Test
    @Tag("04.5")
    void three_servers_elect_establish_epoch_one_and_deliver_pipelined_writes_in_order() {
        Ensemble e = ensemble(1, 3);
        e.settle(5_000);
        assertThat(e.leader()).contains(3); // equal logs: the highest id wins
        assertThat(e.leaderRole().epoch()).isEqualTo(1);
        assertThat(e.recorder.establishments()).hasSize(1);

        e.write(20); // twenty proposals in flight at once
        e.settle(2_000);

        for (int id = 1; id <= 3; id++) {
            assertThat(e.recorder.deliveredZxids(id)).as("server %d delivered", id).isEqualTo(epochOneZxids(20));
        }
        assertThat(e.sameTrees()).isTrue();
        assertThat(e.recorder.commits()).hasSize(20)
                .allSatisfy(c -> assertThat(e.verifier.containsQuorum(c.ackers())).isTrue());
        e.check().throwIfViolated();
    }

    /** The standalone server is a replica with a one-voter quorum: it leads alone and commits each write as it proposes it. */
    @Test
    @Tag("04.5")
    void an_ensemble_of_one_leads_alone_and_commits_each_write_at_once() {
        Ensemble e = ensemble(9, 1);
        e.settle(1_000);
        assertThat(e.leader()).contains(1);
        e.write(3);
        assertThat(e.recorder.deliveredZxids(1)).isEqualTo(epochOneZxids(3)); // at once: no message was needed
        assertThat(e.leaderRole().outstandingProposals()).isZero();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.8")
    void a_partitioned_follower_falls_back_to_looking_and_catches_up_by_snap_after_the_heal() {
        Ensemble e = ensemble(2, 3);
        e.settle(5_000);
        int follower = e.leader().orElseThrow() == 1 ? 2 : 1;
        e.write(5);
        e.settle(2_000);

        e.sim.isolate(follower);
        e.write(10); // the other two are a quorum: these commit without the isolated follower
        e.sim.runFor(2_000);
        assertThat(e.replica(follower).orElseThrow().role().name()).isEqualTo("LOOKING");
        assertThat(e.replica(e.leader().orElseThrow()).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 15));
        int snapshotsBefore = e.recorder.snapshotsInstalled;

        e.sim.heal();
        e.settle(5_000);
        assertThat(e.recorder.snapshotsInstalled).isGreaterThan(snapshotsBefore);
        assertThat(e.replica(follower).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 15));
        assertThat(e.sessions(follower)).as("the sessions came with the snapshot").hasSize(3); // writes 4, 8 and 12 made sessions
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.8")
    void after_the_leader_crashes_a_new_epoch_keeps_every_committed_txn_and_the_old_leader_rejoins_empty() {
        Ensemble e = ensemble(3, 3);
        e.settle(5_000);
        int oldLeader = e.leader().orElseThrow();
        e.write(10);
        e.settle(2_000);

        e.sim.crash(oldLeader);
        e.settle(5_000);
        int newLeader = e.leader().orElseThrow();
        assertThat(newLeader).isNotEqualTo(oldLeader);
        assertThat(e.leaderRole().epoch()).isEqualTo(2);
        assertThat(e.replica(newLeader).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(1, 10));

        e.write(5);
        e.settle(2_000);
        assertThat(e.replica(newLeader).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(2, 5));

        e.sim.restart(oldLeader); // in memory only: it comes back empty, and learns everything by SNAP
        e.settle(5_000);
        assertThat(e.replica(oldLeader).orElseThrow().history().lastCommittedZxid()).isEqualTo(Zxid.of(2, 5));
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.8")
    void an_isolated_old_leader_cannot_commit_and_steps_down_while_a_new_epoch_serves() {
        Ensemble e = ensemble(4, 3);
        e.settle(5_000);
        int oldLeader = e.leader().orElseThrow();
        e.write(3);
        e.settle(2_000);

        e.sim.isolate(oldLeader);
        e.write(4); // proposed by the isolated leader: no quorum will ever ack them
        e.sim.runFor(3_000);
        assertThat(e.replica(oldLeader).orElseThrow().role().name()).isEqualTo("LOOKING");
        assertThat(e.leaderRole().epoch()).isEqualTo(2);
        assertThat(e.recorder.commits()).allSatisfy(c -> assertThat(Zxid.counterOf(c.zxid()) <= 3 || Zxid.epochOf(c.zxid()) == 2).isTrue());

        e.write(2);
        e.sim.heal();
        e.settle(5_000);
        long committed = e.replica(e.leader().orElseThrow()).orElseThrow().history().lastCommittedZxid();
        assertThat(committed).isEqualTo(Zxid.of(2, 2));
        assertThat(e.recorder.deliveredZxids(oldLeader)).doesNotContain(Zxid.of(1, 4), Zxid.of(1, 5), Zxid.of(1, 6), Zxid.of(1, 7));
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    /**
     * The old leader comes back from a partition with proposals nobody acked, so its ACKEPOCH
     * claims a longer history than the one the new leader started its epoch from. The new
     * leader is established already: it synchronizes the old one, cutting that tail, and stays
     * (ZooKeeper's {@code waitForEpochAck} checks for a follower ahead only until its quorum
     * formed). Not graded here: {@code DiscoveryTest} grades the rule (04.2).
     */
    @Test
    void a_late_follower_with_a_longer_uncommitted_tail_joins_an_established_leader_without_a_reelection_and_loses_the_tail() {
        Ensemble e = ensemble(4, 3);
        e.settle(5_000);
        int oldLeader = e.leader().orElseThrow();
        e.write(3);
        e.settle(2_000);
        e.sim.isolate(oldLeader);
        e.write(4); // logged by the isolated leader only: 0x1_4 to 0x1_7
        e.sim.runFor(3_000);
        int newLeader = e.leader().orElseThrow();
        assertThat(e.leaderRole().epoch()).isEqualTo(2);
        assertThat(e.replica(oldLeader).orElseThrow().history().lastLoggedZxid()).isEqualTo(Zxid.of(1, 7));
        assertThat(e.replica(newLeader).orElseThrow().history().lastLoggedZxid()).isEqualTo(Zxid.of(1, 3));
        int establishments = e.recorder.establishments().size();
        int leaderRoles = e.recorder.roles.get(newLeader).size();

        e.sim.heal();
        e.settle(5_000);
        assertThat(e.leader()).contains(newLeader);
        assertThat(e.recorder.roles.get(newLeader)).as("the leader's roles").hasSize(leaderRoles);
        assertThat(e.recorder.establishments()).as("no new epoch").hasSize(establishments);
        assertThat(e.replica(oldLeader).orElseThrow().history().lastLoggedZxid()).as("the tail is cut").isEqualTo(Zxid.of(1, 3));
        e.write(1);
        e.settle(2_000);
        assertThat(e.recorder.deliveredZxids(oldLeader)).contains(Zxid.of(2, 1)).doesNotContain(Zxid.of(1, 4));
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    /**
     * Lesson 03 §5: one election round can decide two leaders. Here a forged vote plays the
     * forgetful server in the middle: server 2, cut off, is told that 1 votes for it and decides
     * LEADING in round 1, in which 3 already leads 1. It never serves: 1 follows 3 in epoch 1 and
     * 2 gets no quorum of FOLLOWERINFOs within initLimit; the next reign, whoever holds it, takes
     * epoch 2 because 1 accepted epoch 1.
     */
    @Test
    @Tag("04.8")
    void two_leaders_decided_in_one_round_never_serve_in_one_epoch() {
        Ensemble e = ensemble(8, 3);
        e.sim.isolate(2);
        assertThat(e.sim.runUntil(() -> e.leader().isPresent(), 5_000)).isTrue();
        assertThat(e.leader()).contains(3);
        e.write(4);
        e.sim.runFor(100);

        Notification forged = Notification.of(PeerState.LOOKING, new Vote(2, 0, 0), 1, 1);
        e.sim.inject(1, 2, new PeerMessage.Election(forged));
        e.sim.runFor(300);
        Decision second = e.replica(2).orElseThrow().election().decision();
        Decision first = e.replica(3).orElseThrow().election().decision();
        assertThat(second.state()).isEqualTo(PeerState.LEADING);
        assertThat(first.state()).isEqualTo(PeerState.LEADING);
        assertThat(second.round()).isEqualTo(first.round()).isEqualTo(1);

        e.sim.partition(Set.of(1, 2), Set.of(3)); // 1 loses 3 and looks again, next to the second leader
        e.sim.runFor(3_000);
        e.sim.heal();
        e.settle(5_000);
        e.write(3);
        e.settle(2_000);

        assertThat(e.recorder.establishments()).extracting(Establishment::epoch).doesNotHaveDuplicates();
        assertThat(e.recorder.establishments()).noneMatch(x -> x.leader() == 2 && x.epoch() == 1);
        assertThat(e.leaderRole().epoch()).isGreaterThanOrEqualTo(2);
        assertThat(e.replica(e.leader().orElseThrow()).orElseThrow().history().lastCommittedZxid())
                .isEqualTo(Zxid.of(e.leaderRole().epoch(), 3));
        assertThat(e.recorder.deliveredZxids(1)).contains(Zxid.of(1, 4));
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.5")
    void an_observer_learns_every_commit_by_inform_and_never_acks() {
        Ensemble e = new Ensemble(5, SimConfig.reliable(), QuorumVerifier.majorityOf(3).withObservers(4), ZabConfig.simulated());
        timeline.watch(e.sim);
        e.settle(5_000);
        assertThat(e.replica(4).orElseThrow().role().name()).isEqualTo("OBSERVING");

        e.write(12);
        e.settle(2_000);
        assertThat(e.recorder.deliveredZxids(4)).isEqualTo(epochOneZxids(12));
        assertThat(e.recorder.commits()).allSatisfy(c -> assertThat(c.ackers()).doesNotContain(4));
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.8")
    void the_leader_keeps_at_most_max_outstanding_proposals_and_takes_more_once_they_commit() {
        ZabConfig config = ZabConfig.simulated().withMaxOutstandingProposals(4);
        Ensemble e = new Ensemble(6, SimConfig.reliable(), QuorumVerifier.majorityOf(3), config);
        timeline.watch(e.sim);
        e.settle(5_000);
        NetworkFaults quiet = e.sim.network();
        e.sim.setNetwork(quiet.withDelay(200, 200)); // a slow network: the PROPOSALs and their ACKs take 400 ms to go round
        e.write(10);
        e.sim.runFor(50);
        assertThat(e.leaderRole().outstandingProposals()).isEqualTo(4);
        assertThat(e.leaderRole().canPropose()).isFalse();
        assertThat(e.writesProposed()).isEqualTo(4);

        e.sim.setNetwork(quiet);
        e.settle(5_000);
        assertThat(e.leaderRole().canPropose()).isTrue();
        e.write(10);
        assertThat(e.leaderRole().outstandingProposals()).isEqualTo(4);
        e.settle(5_000);
        e.write(10);
        e.settle(5_000);
        assertThat(e.writesProposed()).isEqualTo(12);
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.3")
    void a_follower_is_a_learner_that_serves_under_the_elected_leader() {
        Ensemble e = ensemble(7, 5);
        e.settle(5_000);
        int leader = e.leader().orElseThrow();
        for (int id = 1; id <= 5; id++) {
            if (id != leader) {
                Learner learner = (Learner) e.replica(id).orElseThrow().role();
                assertThat(learner.leader()).isEqualTo(leader);
                assertThat(learner.epoch()).isEqualTo(1);
            }
        }
    }
}
