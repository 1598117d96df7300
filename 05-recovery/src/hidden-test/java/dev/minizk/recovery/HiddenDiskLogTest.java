package dev.minizk.recovery;

import dev.minizk.sim.SyncId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only checks for task 05.2: group commit against a disk that answers in its own order. */
class HiddenDiskLogTest {

    @Tag("05.2")
    @Test
    void syncs_answered_out_of_order_or_twice_release_nothing_before_the_whole_batch_is_durable() {
        ManualDisk disk = new ManualDisk();
        DiskLog log = new DiskLog(disk, 0);
        List<String> done = new ArrayList<>();
        log.append(Txns.create(1, 1));
        log.roll();
        log.append(Txns.create(1, 2));
        log.whenDurable(() -> done.add("ack 2"));
        SyncId first = disk.completeNextSync(); // the disk finished both; the server hears of them in reverse
        SyncId second = disk.completeNextSync();
        assertThat(log.onSyncCompleted(new SyncId(9_999))).as("a sync the log never asked for").isFalse();
        assertThat(log.onSyncCompleted(second)).isTrue();
        assertThat(done).as("one of the batch's two files is not known durable yet").isEmpty();
        assertThat(log.onSyncCompleted(first)).isTrue();
        assertThat(done).containsExactly("ack 2");
        assertThat(log.onSyncCompleted(first)).as("the same completion again").isFalse();
        assertThat(done).containsExactly("ack 2");
    }

    /**
     * Random appends, rolls, actions and sync completions against a model: actions run in the
     * order they were asked for, each only once everything appended before it is durable, at
     * most one batch of syncs is in flight, and once the disk answers everything, every action ran.
     */
    @Tag("05.2")
    @Test
    void random_interleavings_keep_the_order_and_never_run_an_action_before_its_appends_are_durable() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            ManualDisk disk = new ManualDisk();
            DiskLog log = new DiskLog(disk, 0);
            List<Integer> ran = new ArrayList<>();
            int asked = 0;
            long counter = 0;
            for (int op = 0; op < 60; op++) {
                int dice = random.nextInt(10);
                if (dice < 4) {
                    log.append(Txns.create(1, ++counter));
                } else if (dice < 5) {
                    log.roll();
                } else if (dice < 8) {
                    int id = asked++;
                    Map<String, Integer> needed = new HashMap<>();
                    disk.files().forEach(file -> needed.put(file, disk.disk.syncPoint(file)));
                    long s = seed;
                    log.whenDurable(() -> {
                        needed.forEach((file, length) -> assertThat(durable(disk, file)).as("seed %d: action %d ran before %s was durable up to %d", s, id, file, length)
                                .isGreaterThanOrEqualTo(length));
                        ran.add(id);
                    });
                } else if (disk.syncsInFlight() > 0) {
                    log.onSyncCompleted(disk.completeNextSync());
                }
                assertThat(disk.syncsInFlight()).as("seed %d: one batch in flight, one sync per file", seed)
                        .isLessThanOrEqualTo(disk.files().size());
            }
            while (disk.syncsInFlight() > 0) {
                log.onSyncCompleted(disk.completeNextSync());
            }
            assertThat(ran).as("seed %d: every action, in order", seed).isEqualTo(java.util.stream.IntStream.range(0, asked).boxed().toList());
        }
    }

    private static int durable(ManualDisk disk, String file) {
        return disk.disk.syncPoint(file) - disk.disk.unsyncedBytes(file);
    }
}
