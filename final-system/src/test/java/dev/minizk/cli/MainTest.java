package dev.minizk.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines and configs: exit code 2 and one line naming the problem, no stack trace. */
@Timeout(10)
class MainTest {
    @TempDir
    Path dir;

    @Test
    void a_bad_option_value_names_the_option() {
        Result r = run("server", "--port", "abc");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).startsWith("error: Invalid value for option '--port': 'abc' is not an int\n")
                .contains("Try 'minizk server --help'").doesNotContain("Exception", "\tat ");
    }

    @Test
    void out_of_range_and_inconsistent_values_are_refused() {
        assertThat(run("server", "--port", "70000").err).isEqualTo("error: --port must be a port number 0..65535, got 70000\n");
        assertThat(run("server", "--tick-time", "0").err)
                .isEqualTo("error: --tick-time must be a positive number of milliseconds, got 0\n");
        assertThat(run("server", "--port", "0", "--min-session-timeout", "5000", "--max-session-timeout", "4000").err)
                .isEqualTo("error: minSessionTimeout 5000 is above maxSessionTimeout 4000 (from --min-session-timeout and --max-session-timeout)\n");
        assertThat(run("server", "--super-digest", "oops").err)
                .isEqualTo("error: --super-digest must look like user:base64(sha1(user:password)), got 'oops'\n");
        assertThat(run("server", "--bogus").code).isEqualTo(2);
        assertThat(run().err).startsWith("error: missing a command");
    }

    @Test
    void config_problems_name_the_file_line_and_key() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=2000\nmaxSessionTimeout=ten\n");
        Result r = run("server", "--config", cfg.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: zoo.cfg line 2: maxSessionTimeout must be a positive number of milliseconds, got 'ten'\n");
        assertThat(run("server", "--config", dir.resolve("missing.cfg").toString()).err)
                .isEqualTo("error: config file " + dir.resolve("missing.cfg") + " does not exist\n");
    }

    @Test
    void bad_ensemble_options_name_the_option() {
        assertThat(run("ensemble", "--servers", "abc").err).startsWith("error: Invalid value for option '--servers': 'abc' is not an int\n");
        assertThat(run("ensemble", "--servers", "0").err).isEqualTo("error: --servers must be 1..9, got 0\n");
        assertThat(run("ensemble", "--observers", "7").err)
                .isEqualTo("error: --observers must be 0..6 (at most 9 servers in all), got 7\n");
        assertThat(run("ensemble", "--tick-time", "5").err).isEqualTo("error: --tick-time must be at least 10 ms, got 5\n");
        assertThat(run("ensemble", "--servers", "0").code).isEqualTo(2);
    }

    @Test
    void an_ensemble_member_needs_its_data_dir_and_a_myid_among_the_servers() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        String servers = "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.2:2888:3888\n";
        Files.writeString(cfg, servers);
        assertThat(run("server", "--config", cfg.toString()).err).startsWith("error: server.N lines make this server a member of an ensemble, which needs a dataDir");
        Files.writeString(cfg, servers + "dataDir=" + dir + "\n");
        assertThat(run("server", "--config", cfg.toString()).err)
                .isEqualTo("error: " + dir.resolve("myid") + " does not exist: write this server's id (its server.N number) into it, as for ZooKeeper\n");
        Files.writeString(dir.resolve("myid"), "7\n");
        assertThat(run("server", "--config", cfg.toString()).err)
                .isEqualTo("error: " + dir.resolve("myid") + " says 7, but there is no server.7 line (servers [1, 2])\n");
    }

    @Test
    void a_port_in_use_is_a_one_line_error() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("server", "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .doesNotContain("\tat ");
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString().replace(System.lineSeparator(), "\n"));
    }
}
