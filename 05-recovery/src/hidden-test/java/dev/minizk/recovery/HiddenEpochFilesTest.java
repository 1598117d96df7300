package dev.minizk.recovery;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only check for task 05.4: an epoch file survives a crash the moment it is written, and whole. */
class HiddenEpochFilesTest {

    @Tag("05.4")
    @Test
    void an_epoch_written_just_before_a_crash_that_tears_every_unsynced_tail_reads_back_whole() {
        for (long seed = 1; seed <= 50; seed++) {
            ManualDisk disk = new ManualDisk(seed, 1.0); // every crash keeps a random prefix of unsynced bytes
            EpochFiles.write(disk, EpochFiles.ACCEPTED, 7);
            EpochFiles.write(disk, EpochFiles.ACCEPTED, 12);
            EpochFiles.write(disk, EpochFiles.CURRENT, 9);
            disk.crash();
            assertThat(EpochFiles.read(disk, EpochFiles.ACCEPTED)).as("seed %d", seed).isEqualTo(12);
            assertThat(EpochFiles.read(disk, EpochFiles.CURRENT)).as("seed %d", seed).isEqualTo(9);
            EpochFiles.write(disk, EpochFiles.CURRENT, 10_000_000_000L);
            disk.crash();
            assertThat(EpochFiles.read(disk, EpochFiles.CURRENT)).as("seed %d: a longer number replaces a shorter one", seed)
                    .isEqualTo(10_000_000_000L);
        }
    }
}
