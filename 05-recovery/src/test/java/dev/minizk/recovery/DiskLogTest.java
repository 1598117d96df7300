package dev.minizk.recovery;

import dev.minizk.txn.LoggedTxn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit, actions after the covering sync, and the log read back after a crash. */
class DiskLogTest {
    private final ManualDisk disk = new ManualDisk();
    private final DiskLog log = new DiskLog(disk, 0);
    private final List<String> done = new ArrayList<>();
    private final List<String> trace = new ArrayList<>();

    private void append(LoggedTxn txn, String then) {
        log.append(txn);
        log.whenDurable(() -> done.add(then));
    }

    @Tag("05.2")
    @Test
    void an_action_waits_for_the_sync_that_covers_its_append() {
        append(Txns.create(1, 1), "ack 1");
        assertThat(done).isEmpty();
        assertThat(disk.syncsInFlight()).isEqualTo(1);
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).containsExactly("ack 1");
        log.whenDurable(() -> done.add("nothing new"));
        assertThat(done).containsExactly("ack 1", "nothing new");
    }

    @Tag("05.2")
    @Test
    void appends_made_while_a_sync_is_in_flight_share_the_next_sync() {
        append(Txns.create(1, 1), "ack 1");
        for (int i = 2; i <= 5; i++) {
            append(Txns.create(1, i), "ack " + i);
        }
        assertThat(disk.syncsInFlight()).as("one sync in flight at a time").isEqualTo(1);
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).containsExactly("ack 1");
        assertThat(disk.syncsInFlight()).as("one sync for the four waiting").isEqualTo(1);
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).containsExactly("ack 1", "ack 2", "ack 3", "ack 4", "ack 5");
        assertThat(log.syncs()).isEqualTo(2);
        assertThat(log.txnsSynced()).isEqualTo(5);
    }

    @Tag("05.2")
    @Test
    void an_action_with_nothing_new_to_sync_joins_the_sync_in_flight_and_keeps_its_place() {
        append(Txns.create(1, 1), "ack 1");
        log.whenDurable(() -> done.add("after 1"));
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).containsExactly("ack 1", "after 1");
    }

    @Tag("05.2")
    @Test
    void a_batch_across_a_rolled_file_waits_for_both_syncs() {
        log.append(Txns.create(1, 1));
        log.roll();
        append(Txns.create(1, 2), "ack 2");
        assertThat(disk.files()).containsExactly(LogFormat.fileName(Txns.create(1, 1).header().zxid()),
                LogFormat.fileName(Txns.create(1, 2).header().zxid()));
        assertThat(disk.syncsInFlight()).isEqualTo(2);
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).isEmpty();
        log.onSyncCompleted(disk.completeNextSync());
        assertThat(done).containsExactly("ack 2");
    }

    @Tag("05.2")
    @Test
    void the_log_refuses_a_zxid_that_does_not_grow() {
        log.append(Txns.create(1, 2));
        assertThatThrownBy(() -> log.append(Txns.create(1, 2))).isInstanceOf(IllegalStateException.class).hasMessageContaining("zxid order");
    }

    @Tag("05.3")
    @Test
    void a_crash_keeps_the_synced_txns_and_loses_the_rest() {
        for (int i = 1; i <= 3; i++) {
            append(Txns.create(1, i), "ack " + i);
        }
        log.onSyncCompleted(disk.completeNextSync()); // covers txn 1; the sync for 2 and 3 is in flight
        disk.crash();
        List<LoggedTxn> recovered = LogReader.recover(disk, trace::add);
        assertThat(Txns.zxids(recovered)).isEqualTo(Txns.zxids(Txns.creates(1, 1)));
        assertThat(done).containsExactly("ack 1");
    }

    @Tag("05.3")
    @Test
    void a_torn_tail_is_cut_off_and_the_files_after_it_are_deleted() {
        for (long seed = 1; seed <= 200; seed++) {
            ManualDisk torn = new ManualDisk(seed, 1.0);
            DiskLog tornLog = new DiskLog(torn, 0);
            for (int i = 1; i <= 4; i++) {
                tornLog.append(Txns.create(1, i));
            }
            tornLog.whenDurable(() -> { });
            tornLog.onSyncCompleted(torn.completeNextSync()); // 1–4 durable
            for (int i = 5; i <= 8; i++) {
                tornLog.append(Txns.create(1, i));
                if (i == 6) {
                    tornLog.roll();
                }
            }
            torn.crash(); // keeps a random prefix of each file's unsynced bytes
            List<String> lines = new ArrayList<>();
            List<LoggedTxn> recovered = LogReader.recover(torn, lines::add);
            List<Long> zxids = Txns.zxids(recovered);
            assertThat(zxids).as("seed %d: a prefix of what was appended", seed)
                    .isEqualTo(Txns.zxids(Txns.creates(1, zxids.size())));
            assertThat(zxids.size()).as("seed %d: the synced txns survive", seed).isGreaterThanOrEqualTo(4);
            assertThat(LogReader.recover(torn, lines::add)).as("seed %d: the repair left a clean log", seed).hasSize(zxids.size());
            if (zxids.size() < 7) {
                assertThat(torn.files()).as("seed %d: nothing after the damage", seed).hasSize(1);
            }
        }
    }

    /**
     * A TRUNC whose point lies in an older log file than the last (ZooKeeper's {@code
     * FileTxnLog.truncate}): that file is cut after the point and every later file deleted. A
     * later file left behind would come back at the next restart with txns nobody committed.
     */
    @Test
    void a_trunc_to_a_txn_in_an_older_log_file_cuts_that_file_and_deletes_every_later_one() {
        for (int i = 1; i <= 10; i++) {
            log.append(Txns.create(1, i));
            if (i == 4 || i == 8) {
                log.roll(); // files from 1, 5 and 9
            }
        }
        log.whenDurable(() -> done.add("synced"));
        while (disk.syncsInFlight() > 0) {
            log.onSyncCompleted(disk.completeNextSync());
        }
        log.truncate(Txns.create(1, 6).header().zxid());
        assertThat(disk.files()).containsExactly(LogFormat.fileName(Txns.create(1, 1).header().zxid()),
                LogFormat.fileName(Txns.create(1, 5).header().zxid()));
        log.append(Txns.create(2, 1)); // the new leader's txns continue the log in a new file
        log.whenDurable(() -> done.add("synced again"));
        while (disk.syncsInFlight() > 0) {
            log.onSyncCompleted(disk.completeNextSync());
        }
        disk.crash();
        List<Long> expected = new ArrayList<>(Txns.zxids(Txns.creates(1, 6)));
        expected.add(Txns.create(2, 1).header().zxid());
        assertThat(Txns.zxids(LogReader.recover(disk, trace::add))).isEqualTo(expected);
        assertThat(done).containsExactly("synced", "synced again");
    }
}
