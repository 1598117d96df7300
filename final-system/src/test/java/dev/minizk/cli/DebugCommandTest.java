package dev.minizk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code minizk debug} with bad arguments: exit code 2 and one line naming the argument, before anything is served. */
@Timeout(20)
class DebugCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_bad_scenario_names_the_option_and_what_names_look_like() {
        Result r = run("debug", "--scenario", "raft-3");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: --scenario: no scenario 'raft-3': an election is fle-<servers>[-stale-vote][-seed-<seed>]"
                + " (like fle-3), Zab is zab-<servers>-<writes>w[-early-commit][-seed-<seed>] (like zab-3-2w)\n");
        assertThat(run("debug", "--scenario", "fle-9").err).isEqualTo("error: --scenario: an election world has 3 to 7 voters, not 9\n");
    }

    @Test
    void a_bad_port_or_trace_names_it() throws Exception {
        assertThat(run("debug", "--port", "70000").err).isEqualTo("error: --port must be a port number 0..65535, got 70000\n");
        assertThat(run("debug", "--port", "x").err).startsWith("error: Invalid value for option '--port': 'x' is not an int\n");
        Path missing = dir.resolve("missing.trace");
        assertThat(run("debug", "--trace", missing.toString()).err).isEqualTo("error: --trace: no such file: " + missing + "\n");

        Path notATrace = dir.resolve("notes.txt");
        Files.writeString(notATrace, "run 1\n");
        assertThat(run("debug", "--trace", notATrace.toString()).err)
                .isEqualTo("error: --trace " + notATrace + ": not a minizk trace: no '# scenario:' line\n");

        Path otherWorld = dir.resolve("other.trace");
        Files.writeString(otherWorld, "# minizk trace\n# scenario: fle-3\nrun 999  # an event of another world\n");
        Result r = run("debug", "--trace", otherWorld.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).startsWith("error: --trace " + otherWorld + ": step 1 of the trace (run 999  # an event of another world) does not replay on fle-3: no pending event #999")
                .doesNotContain("\n\tat ").hasLineCount(1);
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
