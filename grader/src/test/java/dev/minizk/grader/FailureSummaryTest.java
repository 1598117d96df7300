package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FailureSummaryTest {

    @Test
    void a_stub_anywhere_in_the_cause_chain_means_not_implemented_yet() {
        Throwable wrapped = new ExecutionException(new UnsupportedOperationException("TODO 01.3"));
        assertThat(FailureSummary.firstLine(wrapped)).isEqualTo("not implemented yet (TODO 01.3)");
    }

    @Test
    void a_stub_quoted_in_an_assertion_message_means_not_implemented_yet_too() {
        AssertionError assertJ = new AssertionError("\nExpecting actual throwable to be an instance of:\n  KeeperException\n"
                + "but was:\n  java.lang.UnsupportedOperationException: TODO 01.1\n\tat dev.minizk.tree.ZnodePath.validate");
        assertThat(FailureSummary.firstLine(assertJ)).isEqualTo("not implemented yet (TODO 01.1)");
    }

    @Test
    void another_tasks_stub_blocks_and_a_placeholder_left_in_place_is_named() {
        java.util.Map<String, String> stubs = java.util.Map.of("01.4", "Znode.java:71");
        assertThat(StageGrader.explain("01.3", "not implemented yet (TODO 01.2)", stubs))
                .isEqualTo("blocked by 01.2 (not implemented yet)");
        assertThat(StageGrader.explain("01.2", "not implemented yet (TODO 01.2)", stubs))
                .isEqualTo("not implemented yet (TODO 01.2)");
        assertThat(StageGrader.explain("01.4", "AssertionFailedError: expected: -1 but was: 0", stubs))
                .isEqualTo("stub for 01.4 still in place (Znode.java:71): AssertionFailedError: expected: -1 but was: 0");
        assertThat(StageGrader.explain("01.5", "AssertionFailedError: x", stubs)).isEqualTo("AssertionFailedError: x");
    }

    @Test
    void terminal_escapes_are_removed_and_long_lines_cut() {
        assertThat(FailureSummary.clean("\u001B[31mred\u001B[0m text")).isEqualTo("red text");
        assertThat(FailureSummary.clean("x".repeat(10_000))).hasSize(300).endsWith("…");
    }

    @Test
    void other_failures_show_class_and_message_on_one_line() {
        assertThat(FailureSummary.firstLine(new AssertionError("\nexpected: 2\n but was: 1")))
                .isEqualTo("AssertionError: expected: 2 but was: 1");
        assertThat(FailureSummary.firstLine(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(FailureSummary.firstLine(new UnsupportedOperationException("nope"))).isEqualTo("UnsupportedOperationException: nope");
    }

    @Test
    void maven_error_lines_keep_compiler_messages_relative_to_the_repository() {
        String output = String.join("\n",
                "[ERROR] COMPILATION ERROR : ",
                "[ERROR] /r/01-a/src/main/java/A.java:[3,9] cannot find symbol",
                "  symbol:   class Foo",
                "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.0:compile (default-compile) "
                        + "on project a: Compilation failure",
                "[ERROR] /r/01-a/src/main/java/A.java:[3,9] cannot find symbol",
                "[ERROR]   symbol:   class Foo",
                "[ERROR] -> [Help 1]",
                "[ERROR] ",
                "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.");
        assertThat(MavenBuild.errorLines(output, "/r")).containsExactly("compilation failed in a:",
                "01-a/src/main/java/A.java:[3,9] cannot find symbol", "  symbol:   class Foo");
    }
}
