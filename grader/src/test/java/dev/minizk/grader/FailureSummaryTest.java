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
