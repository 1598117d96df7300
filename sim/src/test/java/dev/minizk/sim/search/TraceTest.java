package dev.minizk.sim.search;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceTest {

    @Test
    void a_trace_survives_a_round_trip_through_its_file(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Trace trace = new Trace("fle-3", "goal: all decided", List.of(
                new Choice(Choice.Action.RUN, 0, "n1 starts (incarnation 1)"),
                new Choice(Choice.Action.DROP, 7, "n1 -> n2: hello"),
                new Choice(Choice.Action.DUPLICATE, 9, "n2 -> n3: hi # with a hash")));
        Path file = dir.resolve("sub/fle-3.trace");
        trace.save(file);

        assertThat(Files.readString(file)).startsWith("# minizk trace\n# scenario: fle-3\n").contains("drop 7  # n1 -> n2: hello");
        assertThat(Trace.load(file).choices()).extracting(Choice::action, Choice::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Choice.Action.RUN, 0L),
                        org.assertj.core.groups.Tuple.tuple(Choice.Action.DROP, 7L),
                        org.assertj.core.groups.Tuple.tuple(Choice.Action.DUPLICATE, 9L));
        assertThat(Trace.load(file).scenario()).isEqualTo("fle-3");
    }

    @Test
    void a_bad_line_or_a_file_without_scenario_is_named_in_the_error() {
        assertThatThrownBy(() -> Choice.parse("deliver 3")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deliver 3");
        assertThatThrownBy(() -> Choice.parse("run x")).hasMessageContaining("run x");
        assertThatThrownBy(() -> Trace.parse("run 1\n")).hasMessageContaining("no '# scenario:' line");
    }
}
