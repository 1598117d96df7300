package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.Replica;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A replicated ensemble on simulated disks: what survives crashes, and when acks may be sent. */
class DurableEnsembleTest {

    private static void assertNothingLost(DurableEnsemble e) {
        for (int id : e.verifier.members()) {
            assertThat(e.lostWrites(id)).as("committed writes missing on server %d\n%s", id, e).isEmpty();
        }
        assertThat(e.sameTrees()).as("same trees\n%s", e).isTrue();
        e.check().throwIfViolated();
    }

    @Tag("05.6")
    @Test
    void the_whole_ensemble_crashes_at_once_and_comes_back_with_every_committed_write() {
        DurableEnsemble e = new DurableEnsemble(11, 3);
        e.settle(5_000);
        for (int i = 0; i < 10; i++) {
            e.write(3);
            e.sim.runFor(20);
        }
        e.settle(5_000);
        int committed = e.events.committed.size();
        assertThat(committed).isGreaterThan(20);
        long epochBefore = e.replica(e.leader().orElseThrow()).orElseThrow().currentEpoch();

        e.crashAll();
        e.sim.runFor(100);
        e.restartAll();
        e.settle(10_000);

        assertNothingLost(e);
        Replica leader = e.replica(e.leader().orElseThrow()).orElseThrow();
        assertThat(leader.currentEpoch()).as("a new epoch above the one before the crash").isGreaterThan(epochBefore);
        assertThat(Zxid.epochOf(leader.history().lastCommittedZxid())).isLessThanOrEqualTo(epochBefore);
        e.write(2);
        e.settle(5_000);
        assertNothingLost(e);
    }

    @Tag("05.6")
    @Test
    void a_write_commits_only_after_a_quorum_synced_it_to_disk() {
        long syncMillis = 40;
        DurableEnsemble e = new DurableEnsemble(12, SimConfig.reliable().withDisk(syncMillis, syncMillis, 0),
                QuorumVerifier.majorityOf(3), ZabConfig.simulated(), RecoveryConfig.simulated());
        e.settle(10_000);
        int before = e.events.committed.size();
        long proposedAt = e.sim.now();
        e.write(1);
        assertThat(e.sim.runUntil(() -> e.events.committed.size() > before, 1_000)).isTrue();
        assertThat(e.sim.now() - proposedAt).as("no commit before the syncs of a quorum completed").isGreaterThanOrEqualTo(syncMillis);
    }

    @Tag("05.6")
    @Test
    void under_load_one_sync_covers_many_txns() {
        DurableEnsemble e = new DurableEnsemble(13, SimConfig.reliable().withDisk(20, 30, 0),
                QuorumVerifier.majorityOf(5), ZabConfig.simulated(), RecoveryConfig.simulated());
        e.settle(10_000);
        for (int i = 0; i < 40; i++) {
            e.write(10);
            e.sim.runFor(5);
        }
        e.settle(10_000);
        for (int id : e.verifier.members()) {
            DiskLog log = e.disk(id).log();
            assertThat((double) log.txnsSynced() / log.syncs()).as("txns per sync on server %d: %s", id, log).isGreaterThan(3);
        }
        assertNothingLost(e);
    }

    @Tag("05.6")
    @Test
    void snapshots_are_taken_every_few_txns_old_ones_purged_and_a_restart_starts_from_the_newest() {
        RecoveryConfig recovery = RecoveryConfig.simulated().withSnapCount(30).withSnapRetainCount(2);
        DurableEnsemble e = new DurableEnsemble(14, SimConfig.reliable(), QuorumVerifier.majorityOf(3), ZabConfig.simulated(), recovery);
        e.settle(10_000);
        for (int i = 0; i < 60; i++) {
            e.write(5);
            e.sim.runFor(10);
        }
        e.settle(10_000);
        e.sim.runFor(500); // let the last snapshot walks finish
        int follower = e.verifier.members().stream().filter(id -> id != e.leader().orElseThrow()).findFirst().orElseThrow();
        for (int id : e.verifier.members()) {
            List<String> files = e.sim.disk(id).files();
            assertThat(e.disk(id).snapshotsWritten()).as("server %d: %s", id, files).isGreaterThanOrEqualTo(4);
            assertThat(files.stream().filter(SnapshotFormat::isSnapshotFile)).as("server %d: %s", id, files).hasSizeBetween(1, 3);
            assertThat(files.stream().filter(LogFormat::isLogFile)).as("server %d keeps only the logs it needs: %s", id, files).hasSizeLessThan(5);
        }
        e.sim.crash(follower);
        e.sim.restart(follower);
        e.sim.runFor(0);
        assertThat(e.disk(follower).restored().snapshot()).as("restored from a snapshot").isNotNull();
        e.settle(10_000);
        assertNothingLost(e);
    }

    @Tag("05.6")
    @Test
    void crashes_that_tear_the_unsynced_tail_lose_nothing_that_was_committed() {
        for (long seed = 20; seed < 30; seed++) {
            DurableEnsemble e = new DurableEnsemble(seed, SimConfig.reliable().withDisk(5, 30, 1.0),
                    QuorumVerifier.majorityOf(3), ZabConfig.simulated(), RecoveryConfig.simulated().withSnapCount(20));
            e.settle(10_000);
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    e.write(4);
                    e.sim.runFor(7);
                }
                e.crashAll(); // in the middle of the load: syncs in flight, tails torn
                e.sim.runFor(50);
                e.restartAll();
                e.settle(20_000);
            }
            assertNothingLost(e);
        }
    }
}
