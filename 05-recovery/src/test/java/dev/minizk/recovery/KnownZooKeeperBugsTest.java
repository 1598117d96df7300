package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.Persistence;
import dev.minizk.replica.Replica;
import dev.minizk.replica.TreeState;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.SimDisk;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerTag;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ReplicatedState;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ZooKeeper's own recovery bugs that apply to this design (zk-reference §3.7), each a scenario
 * that ends where the bug would show. Each test's comment says what would go wrong.
 */
class KnownZooKeeperBugsTest {

    private static DurableEnsemble ensemble(long seed) {
        return new DurableEnsemble(seed, SimConfig.reliable(), QuorumVerifier.majorityOf(3), ZabConfig.simulated(),
                RecoveryConfig.simulated().withSnapCount(1_000));
    }

    private static void assertNothingLost(DurableEnsemble e) {
        for (int id : e.verifier.members()) {
            if (e.replica(id).isPresent()) {
                assertThat(e.lostWrites(id)).as("committed writes missing on server %d\n%s", id, e).isEmpty();
                assertThat(e.stateMismatch(id)).as("server %d", id).isNull();
            }
        }
        assertThat(e.sameTrees()).as("same trees\n%s", e).isTrue();
        e.check().throwIfViolated();
    }

    private static int aFollower(DurableEnsemble e) {
        int leader = e.leader().orElseThrow();
        return e.verifier.members().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    /**
     * A replica's disk that checks, each time the replica asks it to save an epoch, ZooKeeper's
     * order: the file before the memory (ZOOKEEPER-2307), acceptedEpoch before currentEpoch, and
     * currentEpoch only once what was logged is durable (ZOOKEEPER-4394). The last check holds in
     * scenarios without writes during a synchronization (the only appends are the synced txns).
     */
    private static final class WatchedPersistence implements Persistence {
        private final int id;
        private final DiskPersistence disk;
        private final DurableEnsemble[] ensemble;
        private final List<String> violations;
        private final int[] checks;

        WatchedPersistence(int id, DiskPersistence disk, DurableEnsemble[] ensemble, List<String> violations, int[] checks) {
            this.id = id;
            this.disk = disk;
            this.ensemble = ensemble;
            this.violations = violations;
            this.checks = checks;
        }

        private Replica replica() {
            return ensemble[0].replica(id).orElseThrow();
        }

        private SimDisk simDisk() {
            return ensemble[0].sim.disk(id);
        }

        @Override
        public Recovered recover(NodeContext<PeerMessage> context, ReplicatedState state) {
            return disk.recover(context, state);
        }

        @Override
        public void saveAcceptedEpoch(long epoch) {
            checks[0]++;
            if (replica().acceptedEpoch() > epoch
                    || replica().acceptedEpoch() == epoch && PersistedEpochsTest.epoch(simDisk(), EpochFiles.ACCEPTED) != epoch) {
                violations.add("server " + id + " uses accepted epoch " + replica().acceptedEpoch() + " before its file says " + epoch);
            }
            disk.saveAcceptedEpoch(epoch);
            if (PersistedEpochsTest.epoch(simDisk(), EpochFiles.ACCEPTED) != epoch) {
                violations.add("server " + id + ": acceptedEpoch " + epoch + " not on disk after its save");
            }
        }

        @Override
        public void saveCurrentEpoch(long epoch) {
            checks[0]++;
            if (replica().currentEpoch() > epoch
                    || replica().currentEpoch() == epoch && PersistedEpochsTest.epoch(simDisk(), EpochFiles.CURRENT) != epoch) {
                violations.add("server " + id + " uses current epoch " + replica().currentEpoch() + " before its file says " + epoch);
            }
            if (PersistedEpochsTest.epoch(simDisk(), EpochFiles.ACCEPTED) < epoch) {
                violations.add("server " + id + " writes currentEpoch " + epoch + " before acceptedEpoch");
            }
            for (String file : simDisk().files()) {
                if (LogFormat.isLogFile(file) && simDisk().unsyncedBytes(file) > 0) {
                    violations.add("server " + id + " writes currentEpoch " + epoch + " while " + simDisk().unsyncedBytes(file)
                            + " bytes of " + file + " are not durable");
                }
            }
            disk.saveCurrentEpoch(epoch);
        }

        @Override
        public void onSyncCompleted(SyncId sync) {
            disk.onSyncCompleted(sync);
        }

        @Override
        public SyncPlan.Policy syncPolicy() {
            return disk.syncPolicy();
        }

        @Override
        public boolean onTimer(TimerTag tag) {
            return disk.onTimer(tag);
        }
    }

    /*
     * ZOOKEEPER-2307: a server that changed its epoch in memory and crashed before the file was
     * written comes back with an older acceptedEpoch than it promised (it may then ack a second
     * leader of the epoch it promised away), or with acceptedEpoch < currentEpoch and refuses to
     * start. ZOOKEEPER-4394 (and -3911, -3023, -4646): a follower that writes currentEpoch, or acks
     * NEWLEADER, before the txns of its synchronization are durable can lose, in a crash, txns the
     * new leader counted as held by a quorum and committed.
     */
    @Test
    @DisplayName("ZOOKEEPER-2307, ZOOKEEPER-4394: each epoch file written before memory, acceptedEpoch first, currentEpoch after the synced txns are durable")
    void epoch_files_are_written_before_use_in_zookeepers_order() {
        List<String> violations = new ArrayList<>();
        int[] checks = {0};
        DurableEnsemble[] holder = new DurableEnsemble[1];
        DurableEnsemble e = new DurableEnsemble(71, SimConfig.reliable(), QuorumVerifier.majorityOf(3), ZabConfig.simulated(),
                RecoveryConfig.simulated().withSnapCount(1_000), (id, disk) -> new WatchedPersistence(id, disk, holder, violations, checks));
        holder[0] = e;
        e.settle(5_000);
        e.write(5);
        e.settle(5_000);
        int follower = aFollower(e);
        e.sim.crash(follower);
        e.write(5);
        e.settle(5_000);
        long diffs = e.sent(PeerMessage.Diff.class);
        e.sim.restart(follower); // a DIFF: five txns appended, then NEWLEADER
        e.settle(5_000);
        assertThat(e.sent(PeerMessage.Diff.class)).as("the follower came back by DIFF").isGreaterThan(diffs);
        int old = e.leader().orElseThrow();
        e.sim.crash(old); // a new epoch: every server saves both epochs again
        e.settle(10_000);
        e.sim.restart(old);
        e.settle(10_000);
        assertThat(checks[0]).as("epochs saved").isGreaterThanOrEqualTo(9);
        assertThat(violations).isEmpty();
        assertNothingLost(e);
    }

    /*
     * ZOOKEEPER-1653 (-2354, -4269): a follower crashed after it had written the synced txns of a
     * new epoch but before it wrote currentEpoch. ZooKeeper then refused to start ("the last zxid's
     * epoch is above currentEpoch") until an operator stepped in. Here such a server starts: it
     * never acked those txns (the ACK waits for currentEpoch), so they are logged like any other
     * unacked tail and the next leader decides. The test fails if recovery refuses that state.
     */
    @Test
    @DisplayName("ZOOKEEPER-1653: a server that crashed with a new epoch's txns logged but currentEpoch not yet written starts again")
    void a_crash_between_the_synced_txns_and_current_epoch_does_not_keep_the_server_down() {
        DurableEnsemble e = ensemble(72);
        e.settle(5_000);
        e.write(5);
        e.settle(5_000);
        int old = e.leader().orElseThrow();
        e.sim.crash(old);
        e.settle(10_000); // the other two, in a new epoch
        long newEpoch = e.replica(e.leader().orElseThrow()).orElseThrow().currentEpoch();
        e.write(3);
        e.settle(5_000);
        e.sim.restart(old); // it will get the three new txns by DIFF
        boolean window = e.sim.runUntil(() -> e.replica(old).filter(r -> r.history() != null).map(r -> Zxid.epochOf(r.history().lastLoggedZxid()) == newEpoch
                && r.currentEpoch() < newEpoch).orElse(false), 5_000);
        assertThat(window).as("the old leader logged the new epoch's txns before its currentEpoch").isTrue();
        SimDisk disk = e.sim.disk(old);
        disk.files().forEach(file -> disk.markDurable(file, disk.syncPoint(file))); // the page cache happened to reach the disk
        e.sim.crash(old);
        assertThat(PersistedEpochsTest.epoch(disk, EpochFiles.CURRENT)).isLessThan(newEpoch);
        assertThat(loggedZxids(disk)).anyMatch(zxid -> Zxid.epochOf(zxid) == newEpoch);

        e.sim.restart(old);
        e.settle(10_000);
        assertThat(e.replica(old).orElseThrow().currentEpoch()).isEqualTo(newEpoch);
        assertNothingLost(e);
    }

    /*
     * ZOOKEEPER-3642: a learner that took a SNAP only in memory, then resynchronized by DIFF from
     * the SNAP's zxid (after a leader change), lost everything up to that zxid at its next restart:
     * nothing on its disk held it. Here the SNAP's state is written as a snapshot the moment it
     * arrives, before anything else happens, so a crash right after it keeps it.
     */
    @Test
    @DisplayName("ZOOKEEPER-3642: a SNAP is on disk as soon as it is installed, so a crash right after it keeps its state")
    void a_snap_survives_a_crash_before_newleader() {
        DurableEnsemble e = ensemble(73);
        int late = 3;
        e.sim.crash(late); // a server that was never up: an empty disk
        e.settle(5_000);
        e.write(8);
        e.settle(5_000);
        e.sim.restart(late);
        boolean installed = e.sim.runUntil(() -> e.replica(late).filter(r -> r.history() != null).map(r -> r.history().lastCommittedZxid() > 0).orElse(false), 5_000);
        assertThat(installed).as("the SNAP was installed").isTrue();
        long snapZxid = e.replica(late).orElseThrow().history().lastCommittedZxid();
        assertThat(e.replica(late).orElseThrow().currentEpoch()).as("crashed before its NEWLEADER ACK").isZero();
        int leader = e.leader().orElseThrow();
        e.sim.crash(late);
        e.sim.crash(leader);

        e.sim.restart(late);
        e.sim.runFor(0);
        assertThat(e.disk(late).restored().deliveredZxid()).as("recovered from the SNAP's snapshot").isEqualTo(snapZxid);
        assertThat(e.stateMismatch(late)).isNull();
        e.sim.restart(leader);
        e.settle(10_000);
        assertNothingLost(e);
    }

    /*
     * ZOOKEEPER-2332: a crash right after a new log file was created (at a roll) can leave it
     * shorter than its header. ZooKeeper failed to load its database and would not start. A log
     * file whose header is cut short holds nothing: it is deleted and the log ends before it.
     */
    @Test
    @DisplayName("ZOOKEEPER-2332: a log file cut inside its header is deleted and the server starts")
    void a_log_file_torn_inside_its_header_does_not_stop_recovery() {
        ManualDisk disk = new ManualDisk();
        DiskLog log = new DiskLog(disk, 0);
        Txns.creates(1, 3).forEach(log::append);
        log.whenDurable(() -> { });
        log.onSyncCompleted(disk.completeNextSync());
        String torn = LogFormat.fileName(Txns.create(1, 4).header().zxid());
        disk.writeAtomically(torn, Arrays.copyOf(LogFormat.header(), 9)); // created, its header half written
        List<String> trace = new ArrayList<>();
        Recovery.Restored restored = Recovery.restore(disk, new TreeState(), trace::add);
        assertThat(Txns.zxids(restored.uncommitted())).isEqualTo(Txns.zxids(Txns.creates(1, 3)));
        assertThat(disk.files()).doesNotContain(torn);
        DiskLog again = new DiskLog(disk, Txns.create(1, 3).header().zxid());
        again.append(Txns.create(1, 4));
        assertThat(LogFormat.scan(torn, disk.read(torn).orElseThrow()).txns()).hasSize(1);
    }

    private static List<Long> loggedZxids(SimDisk disk) {
        List<Long> zxids = new ArrayList<>();
        for (String file : disk.files()) {
            if (LogFormat.isLogFile(file)) {
                for (LoggedTxn txn : LogFormat.scan(file, disk.read(file).orElseThrow()).txns()) {
                    zxids.add(txn.header().zxid());
                }
            }
        }
        return zxids;
    }
}
