package dev.minizk.fault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ensemble's fault log and where a member finds it. */
class FaultLogTest {
    @TempDir
    Path dir;

    @Test
    void newestFirstAndATornLastLineSkipped() throws Exception {
        EnsembleDirectory ensemble = new EnsembleDirectory(dir);
        FaultLog log = ensemble.faultLog();
        assertThat(log.recent()).isEmpty(); // nothing injected yet: no file, no faults

        log.append(new FaultEvent(1, "kill", List.of(3), List.of(), "minizk fault", List.of("server 3 (pid 9): killed (SIGKILL)")));
        log.append(new FaultEvent(2, "partition", List.of(1), List.of(2, 3), "the page of server 2", List.of("partitioned: [1] | [2, 3]")));
        Files.writeString(log.file(), "{\"time\":3,\"action\":\"he", StandardOpenOption.APPEND); // a writer killed mid-line

        assertThat(log.recent()).extracting(FaultEvent::action).containsExactly("partition", "kill");
        log.append(new FaultEvent(4, "heal", List.of(1, 2, 3), List.of(), "minizk fault", List.of("healed: every link may come back")));

        List<FaultEvent> shown = log.recent(); // the torn line skipped, the next one whole on its own line
        assertThat(shown).extracting(FaultEvent::action).containsExactly("heal", "partition", "kill");
        shown = shown.subList(1, 3);
        assertThat(shown.get(0).others()).containsExactly(2, 3);
        assertThat(shown.get(0).by()).isEqualTo("the page of server 2");
        assertThat(log.file()).isEqualTo(dir.toAbsolutePath().resolve("faults.log"));
    }

    @Test
    void aMemberFindsItsEnsembleOnlyInTheEnsemblesLayout() {
        assertThat(EnsembleDirectory.ofMember(dir.resolve("server2"), 2)).contains(new EnsembleDirectory(dir));
        assertThat(EnsembleDirectory.ofMember(dir.resolve("server2"), 3)).isEmpty();   // not its own folder
        assertThat(EnsembleDirectory.ofMember(dir.resolve("minizk-data"), 1)).isEmpty(); // configured by hand
    }
}
