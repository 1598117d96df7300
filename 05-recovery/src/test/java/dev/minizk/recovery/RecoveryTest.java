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
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restore = the newest valid snapshot the log can bring up to date + the log after it. */
class RecoveryTest {
    private final ManualDisk disk = new ManualDisk();
    private final List<String> trace = new ArrayList<>();

    /** A random mix of creates, setData, deletes and sessions, each valid where it is applied. */
    static List<LoggedTxn> workload(long seed, int count) {
        Random random = new Random(seed);
        List<LoggedTxn> txns = new ArrayList<>();
        List<String> live = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            TxnHeader header = new TxnHeader(Txns.SESSION, i, Zxid.of(1, i), 1000 + i);
            byte[] data = ("d" + i).getBytes(StandardCharsets.UTF_8);
            Txn txn;
            int dice = random.nextInt(10);
            if (dice < 5 || live.isEmpty()) {
                String parent = live.isEmpty() || random.nextBoolean() ? "" : live.get(random.nextInt(live.size()));
                String path = parent + "/n" + i;
                live.add(path);
                txn = new Txn.Create(path, data, Acl.OPEN_ACL_UNSAFE, false, i);
            } else if (dice < 8) {
                txn = new Txn.SetData(live.get(random.nextInt(live.size())), data, i);
            } else if (dice < 9) {
                txn = new Txn.CreateSession(1000 + i);
                header = new TxnHeader(Txns.SESSION + i, 0, Zxid.of(1, i), 1000 + i);
            } else {
                String victim = live.get(random.nextInt(live.size()));
                boolean hasChildren = live.stream().anyMatch(p -> p.startsWith(victim + "/"));
                txn = hasChildren ? new Txn.SetData(victim, data, i) : new Txn.Delete(victim);
                if (!hasChildren) {
                    live.remove(victim);
                }
            }
            txns.add(new LoggedTxn(header, txn));
        }
        return txns;
    }

    private void writeLog(List<LoggedTxn> txns) {
        writeLog(disk, txns);
    }

    /** Appends {@code txns} to a log on {@code disk} that continues before the first of them, and syncs it. */
    static void writeLog(ManualDisk disk, List<LoggedTxn> txns) {
        DiskLog log = new DiskLog(disk, txns.get(0).header().zxid() - 1);
        txns.forEach(log::append);
        log.whenDurable(() -> { });
        while (disk.syncsInFlight() > 0) {
            log.onSyncCompleted(disk.completeNextSync());
        }
    }

    static TreeState applied(List<LoggedTxn> txns) {
        TreeState state = new TreeState();
        txns.forEach(state::deliver);
        return state;
    }

    @Tag("05.3")
    @Test
    void a_fuzzy_snapshot_plus_the_log_gives_the_state_it_ended_at_and_the_rest_stays_logged() {
        for (long seed = 1; seed <= 20; seed++) {
            List<LoggedTxn> txns = workload(seed, 120);
            TreeState live = applied(txns.subList(0, 40));
            FuzzySnapshot walk = new FuzzySnapshot(live);
            int next = 40;
            while (!walk.step(1)) {
                live.deliver(txns.get(next++)); // txns keep being applied between the steps
            }
            ManualDisk fresh = new ManualDisk();
            DiskLog log = new DiskLog(fresh, 0);
            txns.forEach(log::append);
            log.whenDurable(() -> { });
            while (fresh.syncsInFlight() > 0) {
                log.onSyncCompleted(fresh.completeNextSync());
            }
            fresh.writeAtomically(SnapshotFormat.fileName(walk.startZxid()),
                    SnapshotFormat.encode(walk.startZxid(), live.lastDeliveredZxid(), walk.body()));

            TreeState recovered = new TreeState();
            Recovery.Restored restored = Recovery.restore(fresh, recovered, trace::add);
            assertThat(restored.deliveredZxid()).as("seed %d", seed).isEqualTo(live.lastDeliveredZxid());
            assertThat(Fingerprint.of(recovered)).as("seed %d", seed).isEqualTo(Fingerprint.of(applied(txns.subList(0, next))));
            assertThat(Txns.zxids(restored.uncommitted())).as("seed %d", seed).isEqualTo(Txns.zxids(txns.subList(next, txns.size())));
        }
    }

    @Tag("05.3")
    @Test
    void a_snapshot_that_is_cut_short_or_garbled_is_skipped_for_the_one_before() {
        List<LoggedTxn> txns = workload(7, 60);
        writeLog(txns);
        byte[] older = SnapshotFormat.encode(Zxid.of(1, 20), Zxid.of(1, 20), applied(txns.subList(0, 20)).snapshot());
        byte[] newer = SnapshotFormat.encode(Zxid.of(1, 40), Zxid.of(1, 40), applied(txns.subList(0, 40)).snapshot());
        disk.writeAtomically(SnapshotFormat.fileName(Zxid.of(1, 20)), older);
        disk.writeAtomically(SnapshotFormat.fileName(Zxid.of(1, 40)), java.util.Arrays.copyOf(newer, newer.length - 3));
        TreeState recovered = new TreeState();
        Recovery.Restored restored = Recovery.restore(disk, recovered, trace::add);
        assertThat(restored.snapshot()).isEqualTo(SnapshotFormat.fileName(Zxid.of(1, 20)));
        assertThat(Fingerprint.of(recovered)).isEqualTo(Fingerprint.of(applied(txns.subList(0, 20))));
        assertThat(restored.uncommitted()).hasSize(40);
        assertThat(disk.files()).doesNotContain(SnapshotFormat.fileName(Zxid.of(1, 40)));
        assertThat(trace).anyMatch(line -> line.contains("not valid"));
    }

    @Tag("05.3")
    @Test
    void a_snapshot_the_log_cannot_bring_up_to_its_end_is_not_used() {
        List<LoggedTxn> txns = workload(8, 30);
        writeLog(txns.subList(0, 25));
        disk.writeAtomically(SnapshotFormat.fileName(Zxid.of(1, 10)),
                SnapshotFormat.encode(Zxid.of(1, 10), Zxid.of(1, 28), applied(txns.subList(0, 28)).snapshot()));
        Recovery.Restored restored = Recovery.restore(disk, new TreeState(), trace::add);
        assertThat(restored.snapshot()).isNull();
        assertThat(restored.uncommitted()).hasSize(25);
    }

    @Tag("05.3")
    @Test
    void without_a_snapshot_a_log_that_does_not_begin_at_the_first_txn_stops_the_server() {
        writeLog(workload(9, 30).subList(5, 30));
        assertThatThrownBy(() -> Recovery.restore(disk, new TreeState(), trace::add))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refusing to start");
    }

    @Tag("05.3")
    @Test
    void an_empty_disk_recovers_an_empty_state() {
        Recovery.Restored restored = Recovery.restore(disk, new TreeState(), trace::add);
        assertThat(restored.deliveredZxid()).isZero();
        assertThat(restored.uncommitted()).isEmpty();
    }
}
