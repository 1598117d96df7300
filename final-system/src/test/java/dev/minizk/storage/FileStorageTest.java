package dev.minizk.storage;

import dev.minizk.sim.SyncId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FileStorageTest {
    @TempDir
    Path dir;
    /** Stands in for the server's loop: one thread that runs completions in order. */
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final List<Long> synced = new CopyOnWriteArrayList<>();
    private final List<IOException> failures = new CopyOnWriteArrayList<>();

    private FileStorage open() throws IOException {
        return new FileStorage(dir, loop, new FileStorage.SyncListener() {
            @Override
            public void synced(List<SyncId> syncs) {
                syncs.forEach(s -> synced.add(s.value()));
            }

            @Override
            public void failed(IOException error) {
                failures.add(error);
            }
        });
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.shutdown();
        loop.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void appendsAreReadableAtOnceAndSyncsCompleteOnTheLoopInTheOrderAsked() throws Exception {
        try (FileStorage storage = open()) {
            List<Long> asked = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                storage.append("log.1", new byte[]{(byte) i});
                asked.add(storage.sync(i % 2 == 0 ? "log.1" : "log.2").value());
                if (i == 0) {
                    assertThat(storage.read("log.1")).hasValueSatisfying(b -> assertThat(b).containsExactly(0));
                }
            }
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> synced.size() == asked.size());
            assertThat(synced).containsExactlyElementsOf(asked);
            assertThat(storage.read("log.1").orElseThrow()).hasSize(500);
            assertThat(storage.read("log.2")).isEmpty(); // a sync of a file never written creates nothing
            assertThat(storage.stats().forces()).isBetween(1L, 500L);
            assertThat(failures).isEmpty();
        }
        try (FileStorage again = open()) {
            assertThat(again.read("log.1").orElseThrow()).hasSize(500);
        }
    }

    @Test
    void bufferedAppendsReachTheFileInOrderAtASyncAndAtClose() throws Exception {
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        try (FileStorage storage = open()) {
            // small records filling the append buffer several times, then one larger than it
            for (int i = 0; i < 3 * FileStorage.APPEND_BUFFER_BYTES / 100; i++) {
                byte[] record = new byte[100];
                java.util.Arrays.fill(record, (byte) i);
                storage.append("log.1", record);
                expected.writeBytes(record);
            }
            byte[] large = new byte[2 * FileStorage.APPEND_BUFFER_BYTES + 7];
            java.util.Arrays.fill(large, (byte) 42);
            storage.append("log.1", large);
            expected.writeBytes(large);
            storage.sync("log.1");
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> synced.size() == 1);
            assertThat(Files.readAllBytes(dir.resolve("log.1"))).isEqualTo(expected.toByteArray());
            storage.append("log.1", new byte[]{7}); // buffered: only a sync, a read or close writes it
            expected.write(7);
        }
        assertThat(Files.readAllBytes(dir.resolve("log.1"))).isEqualTo(expected.toByteArray());
    }

    @Test
    void writeAtomicallyReplacesTheWholeFileAndLeavesNoTemporaryBehind() throws Exception {
        try (FileStorage storage = open()) {
            storage.writeAtomically("currentEpoch", "1".getBytes());
            storage.writeAtomically("currentEpoch", "22".getBytes());
            assertThat(new String(storage.read("currentEpoch").orElseThrow())).isEqualTo("22");
            Files.writeString(dir.resolve("acceptedEpoch.tmp"), "left by a crash mid-replace");
            storage.append("snapshot.5", new byte[]{1});
            assertThat(storage.files()).containsExactly("currentEpoch", "snapshot.5");
            storage.delete("snapshot.5");
            storage.delete("snapshot.5");
            assertThat(storage.files()).containsExactly("currentEpoch");
            assertThat(storage.read("snapshot.5")).isEmpty();
        }
    }

    @Test
    void aNameThatIsNotAPlainFileIsRefused() throws Exception {
        try (FileStorage storage = open()) {
            assertThatThrownBy(() -> storage.append("../escape", new byte[1])).hasMessageContaining("not a plain file name");
            assertThatThrownBy(() -> storage.read("")).hasMessageContaining("not a plain file name");
        }
    }
}
