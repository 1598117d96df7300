package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.TreeState;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.SimDisk;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only check for task 05.6: purging never takes a log file that a kept snapshot needs. */
class HiddenPurgeTest {

    @Tag("05.6")
    @Test
    void every_snapshot_that_purge_keeps_can_still_be_recovered_from_on_its_own() {
        RecoveryConfig recovery = RecoveryConfig.simulated().withSnapCount(12).withSnapRetainCount(3);
        DurableEnsemble e = new DurableEnsemble(61, SimConfig.reliable(), QuorumVerifier.majorityOf(3), ZabConfig.simulated(), recovery);
        e.settle(10_000);
        for (int i = 0; i < 40; i++) {
            e.write(4);
            e.sim.runFor(10);
        }
        e.settle(10_000);
        e.sim.runFor(500); // the last walks finish and their snapshots become durable
        for (int id : e.verifier.members()) {
            SimDisk disk = e.sim.disk(id);
            List<String> snapshots = disk.files().stream().filter(SnapshotFormat::isSnapshotFile).toList();
            assertThat(e.disk(id).snapshotsWritten()).as("server %d: %s", id, disk.files()).isGreaterThan(3);
            assertThat(snapshots).as("server %d keeps its three newest: %s", id, disk.files()).hasSize(3);
            for (String kept : snapshots) {
                ManualDisk copy = copyWithoutSnapshotsAbove(disk, kept);
                Recovery.Restored restored = Recovery.restore(copy, new TreeState(), line -> { });
                assertThat(restored.snapshot()).as("server %d, %s alone with the logs: %s", id, kept, disk.files()).isEqualTo(kept);
                assertThat(lastLogged(restored)).as("server %d from %s", id, kept)
                        .isEqualTo(e.replica(id).orElseThrow().history().lastLoggedZxid());
            }
        }
    }

    private static ManualDisk copyWithoutSnapshotsAbove(SimDisk disk, String kept) {
        ManualDisk copy = new ManualDisk();
        for (String file : disk.files()) {
            if (!SnapshotFormat.isSnapshotFile(file) || SnapshotFormat.zxidOf(file) <= SnapshotFormat.zxidOf(kept)) {
                copy.writeAtomically(file, disk.read(file).orElseThrow());
            }
        }
        return copy;
    }

    private static long lastLogged(Recovery.Restored restored) {
        List<Long> zxids = new ArrayList<>(Txns.zxids(restored.uncommitted()));
        return zxids.isEmpty() ? restored.deliveredZxid() : zxids.get(zxids.size() - 1);
    }
}
