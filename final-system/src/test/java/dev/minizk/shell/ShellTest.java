package dev.minizk.shell;

import dev.minizk.conformance.TestServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The shell driven with scripted input against a minizk server on a free port. */
@Timeout(30)
class ShellTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The shell's two streams, captured. */
    private static final class Capture {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final PrintWriter outWriter = new PrintWriter(out, true);
        final PrintWriter errWriter = new PrintWriter(err, true);

        List<String> outLines() {
            return out.toString().lines().toList();
        }

        List<String> errLines() {
            return err.toString().lines().toList();
        }
    }

    private static int script(Capture io, String... lines) throws Exception {
        try (Shell shell = Shell.connect(server.connectString(), 4_000, io.outWriter, io.errWriter)) {
            return shell.run(new BufferedReader(new StringReader(String.join("\n", lines))), false);
        }
    }

    @Test
    void crud_session_prints_like_zkCli() throws Exception {
        Capture io = new Capture();
        script(io,
                "create /crud hello",
                "get /crud",
                "set /crud 'hello world'",
                "get -s /crud",
                "create -e -s /crud/e- x",
                "ls /crud",
                "stat /missing",
                "delete /crud",
                "set -v abc /crud x",
                "set -v 0 /crud x",
                "deleteall /crud",
                "ls /",
                "quit",
                "ls /never-run");
        List<String> out = io.outLines();
        assertThat(out.subList(0, 3)).containsExactly("Created /crud", "hello", "hello world");
        assertThat(out.get(3)).startsWith("cZxid = 0x");
        assertThat(out.get(4)).startsWith("ctime = ");
        assertThat(out.subList(5, 14)).containsExactly(
                out.get(5), out.get(6), out.get(7), "cversion = 0", "dataVersion = 1", "aclVersion = 0",
                "ephemeralOwner = 0x0", "dataLength = 11", "numChildren = 0");
        assertThat(out.get(5)).startsWith("mZxid = 0x");
        assertThat(out.subList(14, out.size())).containsExactly(
                "Created /crud/e-0000000000", "[e-0000000000]", "[zookeeper]");
        assertThat(io.errLines()).containsExactly(
                "Node does not exist: /missing",
                "Node not empty: /crud",
                "bad argument: version 'abc' is not a number",
                "version No is not valid : /crud");
    }

    @Test
    void bad_input_is_one_line_naming_the_argument() throws Exception {
        Capture io = new Capture();
        int code = script(io,
                "frobnicate /a",
                "create",
                "create -x /a",
                "create -e -c /a",
                "create -t soon /a",
                "get relative",
                "set \"unterminated",
                "addWatch -m SOMETIMES /a",
                "setAcl /a world:anyone:rq",
                "delete -v");
        assertThat(io.errLines()).containsExactly(
                "bad argument: unknown command 'frobnicate' (try help)",
                "bad argument: missing arguments for create (usage: create [-s] [-e] [-c] [-t ttl] path [data] [acl])",
                "bad argument: unknown option -x for create",
                "bad argument: -e, -c and -t cannot be combined",
                "bad argument: ttl 'soon' is not a number",
                "bad argument: path 'relative' must start with /",
                "bad argument: unterminated quote \" in: set \"unterminated",
                "bad argument: mode 'SOMETIMES' is not PERSISTENT or PERSISTENT_RECURSIVE",
                "bad argument: acl 'world:anyone:rq': permission 'q' is not one of cdrwa",
                "bad argument: option -v of delete needs a value");
        assertThat(code).isEqualTo(Shell.BAD_USAGE);
        assertThat(io.outLines()).isEmpty();
    }

    @Test
    void watch_events_are_printed_as_they_arrive() throws Exception {
        Capture io = new Capture();
        ZooKeeper other = server.client();
        try (Shell shell = Shell.connect(server.connectString(), 4_000, io.outWriter, io.errWriter)) {
            shell.execute(List.of("create", "/w", "v"));
            shell.execute(List.of("get", "-w", "/w"));
            other.setData("/w", "v2".getBytes(StandardCharsets.UTF_8), -1);
            await().atMost(Duration.ofSeconds(5)).until(() -> io.outLines().contains(
                    "WATCHER:: WatchedEvent state:SyncConnected type:NodeDataChanged path:/w"));

            shell.execute(List.of("watch", "/w/later"));
            shell.execute(List.of("addWatch", "-m", "PERSISTENT_RECURSIVE", "/w"));
            other.create("/w/later", null, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT);
            // the exists watch and the recursive watch fire for one watcher: it hears the event once (as ZooKeeper's client)
            await().atMost(Duration.ofSeconds(5)).until(() -> io.outLines().contains(
                    "WATCHER:: WatchedEvent state:SyncConnected type:NodeCreated path:/w/later"));
            shell.execute(List.of("ls", "-w", "/w"));
            other.delete("/w/later", -1);
            await().atMost(Duration.ofSeconds(5)).until(() -> io.outLines().containsAll(List.of(
                    "WATCHER:: WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/w",
                    "WATCHER:: WatchedEvent state:SyncConnected type:NodeDeleted path:/w/later")));
            shell.execute(List.of("deleteall", "/w"));
        }
        assertThat(io.outLines()).contains("watching /w/later (does not exist yet)");
        assertThat(io.outLines()).filteredOn(l -> l.contains("NodeCreated")).hasSize(1);
        assertThat(io.errLines()).isEmpty();
    }

    @Test
    void acls_auth_sync_and_whoami() throws Exception {
        Capture io = new Capture();
        script(io,
                "addauth digest alice:secret",
                "create /acl data auth::cdrwa",
                "getAcl /acl",
                "whoami",
                "setAcl /acl world:anyone:r",
                "getAcl /acl",
                "set /acl nope",
                "sync /",
                "create -e /eph",
                "getEphemerals",
                "help");
        List<String> out = io.outLines();
        assertThat(out.subList(0, 7)).containsExactly(
                "Created /acl",
                "'digest,'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=",
                ": cdrwa",
                "Auth scheme: User",
                "ip: 127.0.0.1",
                "digest: alice",
                "'world,'anyone");
        assertThat(out.subList(7, 11)).containsExactly(": r", "Sync is OK", "Created /eph", "[/eph]");
        assertThat(out.get(11)).startsWith("minizk cli");
        assertThat(io.errLines()).containsExactly("Insufficient permission : /acl");
    }

    @Test
    void one_command_from_the_command_line_sets_the_exit_code() throws Exception {
        assertThat(runCli("-server", server.connectString(), "create", "/one", "1").code).isZero();
        Result get = runCli("--server", server.connectString(), "get", "/one");
        assertThat(get.code).isZero();
        assertThat(get.out).isEqualTo("1\n");
        Result missing = runCli("-server", server.connectString(), "get", "/none");
        assertThat(missing.code).isEqualTo(Shell.FAILED);
        assertThat(missing.err).isEqualTo("Node does not exist: /none\n");
        Result badVersion = runCli("-server", server.connectString(), "delete", "-v", "x", "/one");
        assertThat(badVersion.code).isEqualTo(Shell.BAD_USAGE);
        assertThat(badVersion.err).isEqualTo("bad argument: version 'x' is not a number\n");
        Result badServer = runCli("-server", "localhost:port", "ls", "/");
        assertThat(badServer.code).isEqualTo(Shell.BAD_USAGE);
        assertThat(badServer.err).isEqualTo("error: bad argument: connect string entry 'localhost:port': port 'port' is not a number\n");
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        long before = System.nanoTime();
        Result dead = runCli("-server", "127.0.0.1:" + deadPort, "ls", "/"); // the default 30 s timeout
        assertThat(dead.code).isEqualTo(Shell.FAILED);
        assertThat(dead.err).isEqualTo("error: cannot connect to 127.0.0.1:" + deadPort
                + ": connection refused (127.0.0.1:" + deadPort + ")\n");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("refused at once, not after the session timeout")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void interactive_mode_reads_stdin_until_quit() {
        String input = "create /stdin x\nls /stdin\nquit\n";
        Result r = runCli(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), "-server", server.connectString());
        assertThat(r.code).isZero();
        assertThat(r.out).isEqualTo("Created /stdin\n[]\n");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result runCli(String... args) {
        return runCli(new ByteArrayInputStream(new byte[0]), args);
    }

    private static Result runCli(java.io.InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CliCommand(stdin));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
