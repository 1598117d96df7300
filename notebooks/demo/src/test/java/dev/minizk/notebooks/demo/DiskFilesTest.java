package dev.minizk.notebooks.demo;

import dev.minizk.client.ZkClient;
import dev.minizk.recovery.DiskPersistence;
import dev.minizk.recovery.RecoveryConfig;
import dev.minizk.sim.SimConfig;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Notebook 05's helpers on a durable ensemble: what they read off the simulated disks is what the servers wrote. */
class DiskFilesTest {

    @Test
    void the_disk_of_a_durable_replica_lists_its_log_snapshot_and_epochs_and_the_snapshot_opens_to_a_tree() {
        RecoveryConfig disk = RecoveryConfig.simulated().withSnapCount(8);
        Replicas e = new Replicas(7, SimConfig.reliable(), 3, () -> new DiskPersistence(disk));
        assertThat(e.sim.runUntil(e::serving, 10_000)).isTrue();
        ZkClient alice = e.client("alice", 1);
        for (int i = 0; i < 12; i++) {
            alice.create("/n" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        e.sim.runFor(1_000);

        String listing = DiskFiles.listing(e.sim.disk(1));
        assertThat(listing).contains("acceptedEpoch", "currentEpoch", "log.", "snapshot.");
        assertThat(DiskFiles.log(e.sim.disk(1))).extracting(DiskFiles::describe).anyMatch(line -> line.endsWith("Create /n11"));

        DiskFiles.OpenedSnapshot snapshot = DiskFiles.open(e.sim.disk(1), DiskFiles.newestSnapshot(e.sim.disk(1)).orElseThrow());
        assertThat(snapshot.startZxid()).isLessThanOrEqualTo(snapshot.endZxid());
        assertThat(snapshot.tree().exists("/n0")).isTrue();
        assertThat(snapshot.sessions()).containsKey(alice.sessionId());
        assertThat(snapshot.text()).contains("/n0", "data=\"v0\"");
        assertThat(e.persistence(1)).isInstanceOf(DiskPersistence.class);
        assertThat(e.roles).anyMatch(line -> line.contains("started (incarnation 1)"));
        assertThat(e.commits).isNotEmpty();
    }
}
