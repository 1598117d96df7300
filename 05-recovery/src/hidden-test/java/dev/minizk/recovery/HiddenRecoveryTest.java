package dev.minizk.recovery;

import dev.minizk.replica.TreeState;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instructor-only checks for task 05.3: which snapshot recovery picks, and a fuzzy image that needs its replay. */
class HiddenRecoveryTest {
    private final List<String> trace = new ArrayList<>();

    private static void snapshot(ManualDisk disk, List<LoggedTxn> txns, int start, int end) {
        disk.writeAtomically(SnapshotFormat.fileName(Zxid.of(1, start)),
                SnapshotFormat.encode(Zxid.of(1, start), Zxid.of(1, end), RecoveryTest.applied(txns.subList(0, end)).snapshot()));
    }

    @Tag("05.3")
    @Test
    void the_newest_usable_of_several_valid_snapshots_is_used_and_one_the_log_cannot_reach_falls_back() {
        List<LoggedTxn> txns = RecoveryTest.workload(3, 40);
        ManualDisk disk = new ManualDisk();
        RecoveryTest.writeLog(disk, txns.subList(0, 36));
        snapshot(disk, txns, 10, 10);
        snapshot(disk, txns, 20, 20);
        snapshot(disk, txns, 30, 38); // valid, but the log ends at 36: it cannot be brought up to its end
        TreeState recovered = new TreeState();
        Recovery.Restored restored = Recovery.restore(disk, recovered, trace::add);
        assertThat(restored.snapshot()).isEqualTo(SnapshotFormat.fileName(Zxid.of(1, 20)));
        assertThat(restored.deliveredZxid()).isEqualTo(Zxid.of(1, 20));
        assertThat(Fingerprint.of(recovered)).isEqualTo(Fingerprint.of(RecoveryTest.applied(txns.subList(0, 20))));
        assertThat(Txns.zxids(restored.uncommitted())).isEqualTo(Txns.zxids(txns.subList(20, 36)));
    }

    @Tag("05.3")
    @Test
    void a_snapshot_from_a_snap_restores_with_no_log_at_all_and_one_after_a_gap_is_refused() {
        List<LoggedTxn> txns = RecoveryTest.workload(4, 30);
        ManualDisk alone = new ManualDisk(); // a SNAP was installed: its snapshot, every log file deleted
        snapshot(alone, txns, 25, 25);
        TreeState recovered = new TreeState();
        Recovery.Restored restored = Recovery.restore(alone, recovered, trace::add);
        assertThat(restored.deliveredZxid()).isEqualTo(Zxid.of(1, 25));
        assertThat(restored.uncommitted()).isEmpty();
        assertThat(Fingerprint.of(recovered)).isEqualTo(Fingerprint.of(RecoveryTest.applied(txns.subList(0, 25))));

        ManualDisk gap = new ManualDisk(); // the same snapshot, and a log that resumes one txn too late
        snapshot(gap, txns, 25, 25);
        RecoveryTest.writeLog(gap, txns.subList(26, 30));
        assertThatThrownBy(() -> Recovery.restore(gap, new TreeState(), trace::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to start");
    }

    /**
     * A walk that meets nodes deleted and created again, a node moved under a new parent, and an
     * ephemeral owner's session closed while it runs: the image is a state that never existed,
     * and only the replay from its start makes it one.
     */
    @Tag("05.3")
    @Test
    void a_fuzzy_image_of_nodes_deleted_and_created_again_during_the_walk_replays_to_the_state_at_its_end() {
        List<LoggedTxn> before = new ArrayList<>();
        long[] counter = {0};
        long owner = 0x77L;
        before.add(txn(counter, owner, new Txn.CreateSession(30_000)));
        for (String path : List.of("/a", "/a/b", "/a/c", "/d", "/d/e")) {
            before.add(txn(counter, Txns.SESSION, new Txn.Create(path, bytes(path), Acl.OPEN_ACL_UNSAFE, false, 0)));
        }
        before.add(txn(counter, owner, new Txn.Create("/d/eph", bytes("eph"), Acl.OPEN_ACL_UNSAFE, true, 0)));
        List<LoggedTxn> during = List.of(
                txn(counter, Txns.SESSION, new Txn.Delete("/a/c")),
                txn(counter, Txns.SESSION, new Txn.Create("/a/c", bytes("again"), Acl.OPEN_ACL_UNSAFE, false, 2)),
                txn(counter, Txns.SESSION, new Txn.SetData("/a", bytes("a2"), 1)),
                txn(counter, owner, new Txn.CloseSession(List.of("/d/eph"))),
                txn(counter, Txns.SESSION, new Txn.Delete("/d/e")),
                txn(counter, Txns.SESSION, new Txn.Delete("/d")),
                txn(counter, Txns.SESSION, new Txn.Create("/d", bytes("d2"), Acl.OPEN_ACL_UNSAFE, false, 5)),
                txn(counter, Txns.SESSION, new Txn.Create("/a/b/f", bytes("f"), Acl.OPEN_ACL_UNSAFE, false, 0)));
        List<LoggedTxn> all = new ArrayList<>(before);
        all.addAll(during);

        TreeState live = RecoveryTest.applied(before);
        FuzzySnapshot walk = new FuzzySnapshot(live);
        int next = 0;
        while (!walk.step(1)) {
            if (next < during.size()) {
                live.deliver(during.get(next++));
            }
        }
        while (next < during.size()) {
            live.deliver(during.get(next++));
        }
        ManualDisk disk = new ManualDisk();
        RecoveryTest.writeLog(disk, all);
        disk.writeAtomically(SnapshotFormat.fileName(walk.startZxid()),
                SnapshotFormat.encode(walk.startZxid(), live.lastDeliveredZxid(), walk.body()));

        TreeState recovered = new TreeState();
        Recovery.Restored restored = Recovery.restore(disk, recovered, trace::add);
        assertThat(restored.snapshot()).isNotNull();
        assertThat(Fingerprint.of(recovered)).isEqualTo(Fingerprint.of(RecoveryTest.applied(all)));
        assertThat(recovered.sessions().contains(owner)).isFalse();
        assertThat(restored.uncommitted()).isEmpty();
    }

    private static LoggedTxn txn(long[] counter, long session, Txn txn) {
        long c = ++counter[0];
        return new LoggedTxn(new TxnHeader(session, (int) c, Zxid.of(1, c), 1000 + c), txn);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
