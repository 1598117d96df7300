package dev.minizk.shell;

import dev.minizk.conformance.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shell's recipe commands (lock, elect, members) from two shells on one real server, as a class would run them in two terminals. */
@Timeout(60)
class ShellRecipesTest {
    private static final Pattern TOKEN = Pattern.compile("fencing token (\\d+) ");
    /** One server on a free port for the whole class; the terminals are its clients. */
    private static final TestServer server = TestServer.start();

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** One terminal: a shell, what it printed and what it complained about. */
    private static final class Terminal implements AutoCloseable {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Shell shell = Shell.connect(server.connectString(), 4_000, new PrintWriter(out, true), new PrintWriter(err, true));

        int type(String... words) {
            return shell.execute(List.of(words));
        }

        /** Presses Enter: the shell reads one empty line. */
        int enter() throws Exception {
            return shell.run(new BufferedReader(new StringReader("\n")), false);
        }

        List<String> lines() {
            return out.toString().lines().toList();
        }

        boolean printed(String text) {
            return lines().stream().anyMatch(line -> line.contains(text));
        }

        /** Waits for a line; a timeout says what the terminal printed instead, on both streams. */
        void awaitPrinted(String text) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                    assertThat(lines()).as("what the terminal printed (err: %s)", err).anyMatch(line -> line.contains(text)));
        }

        long token() {
            Matcher m = TOKEN.matcher(out.toString());
            long last = -1;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            return last;
        }

        @Override
        public void close() {
            shell.close();
        }
    }

    @Test
    void a_second_shell_waits_for_the_lock_until_the_first_presses_enter_and_gets_a_higher_token() throws Exception {
        try (Terminal first = new Terminal(); Terminal second = new Terminal()) {
            assertThat(first.type("lock", "/locks/demo")).isEqualTo(Shell.OK);
            first.awaitPrinted("lock /locks/demo held by node _c_");
            long firstToken = first.token();
            assertThat(firstToken).isPositive();

            assertThat(second.type("lock", "/locks/demo")).isEqualTo(Shell.OK);
            second.awaitPrinted("waiting for the lock on /locks/demo");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !second.printed("held"));

            assertThat(first.enter()).isEqualTo(Shell.OK);
            first.awaitPrinted("lock /locks/demo released");
            second.awaitPrinted("lock /locks/demo held by node _c_");
            assertThat(second.token()).isGreaterThan(firstToken);
            assertThat(second.type("unlock")).isEqualTo(Shell.OK);
            second.awaitPrinted("lock /locks/demo released");
            assertThat(first.err.toString() + second.err).isEmpty();
        }
    }

    @Test
    void leadership_moves_to_the_other_shell_when_the_leader_resigns() {
        try (Terminal alice = new Terminal(); Terminal bob = new Terminal()) {
            alice.type("elect", "/election/demo", "alice");
            alice.awaitPrinted("election /election/demo: alice leads now");
            bob.type("elect", "/election/demo", "bob");
            bob.awaitPrinted("joined the election at /election/demo as bob");

            alice.type("resign", "/election/demo");
            bob.awaitPrinted("election /election/demo: bob leads now");
            alice.awaitPrinted("election /election/demo: alice does not lead any more");
            assertThat(alice.lines()).filteredOn(line -> line.contains("leads now")).hasSize(1);
        }
    }

    @Test
    void each_shell_prints_the_live_member_list_as_it_changes() {
        try (Terminal alice = new Terminal()) {
            alice.type("members", "/groups/demo", "alice");
            alice.awaitPrinted("members of /groups/demo: [alice]");
            try (Terminal bob = new Terminal()) {
                bob.type("members", "/groups/demo", "bob");
                bob.awaitPrinted("members of /groups/demo: [alice, bob]");
                alice.awaitPrinted("members of /groups/demo: [alice, bob]");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.lines().get(alice.lines().size() - 1)
                    .equals("members of /groups/demo: [alice]")); // bob closed his session: his node is gone
        }
    }

    @Test
    void bad_recipe_arguments_are_one_line_naming_the_argument() {
        try (Terminal t = new Terminal()) {
            assertThat(t.type("lock")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.type("lock", "relative")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.type("unlock")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.type("elect", "/e", "a", "b")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.type("resign", "/never-joined")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.type("members", "/g", "a/b")).isEqualTo(Shell.BAD_USAGE);
            assertThat(t.err.toString().lines().toList()).containsExactly(
                    "bad argument: missing arguments for lock (usage: lock path)",
                    "bad argument: path must be an absolute znode path like /locks/a, was 'relative'",
                    "bad argument: this shell holds no lock (lock PATH takes one)",
                    "bad argument: too many arguments for elect (usage: elect path [id])",
                    "bad argument: path '/never-joined' is no election this shell joined (elect PATH joins one)",
                    "bad argument: id 'a/b' must be a name without '/'");
            assertThat(t.out.toString()).isEmpty();
        }
    }

    @Test
    void one_command_lock_holds_until_enter() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CliCommand(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("-server", server.connectString(), "-timeout", "4000", "lock", "/locks/one");

        assertThat(code).isEqualTo(Shell.OK);
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("waiting for the lock on /locks/one", "lock /locks/one released");
    }
}
