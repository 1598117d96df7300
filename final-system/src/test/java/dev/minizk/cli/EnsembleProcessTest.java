package dev.minizk.cli;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code minizk ensemble} as a real process tree: three server processes on 127.0.0.1-3, a
 * leader, a connect string a stock client uses; SIGTERM to the command stops every server it
 * started. In between, {@code minizk fault} kills the leader, restarts it, partitions it off and heals.
 */
@Timeout(240)
class EnsembleProcessTest {
    @TempDir
    Path dir;

    /** minizk fault against the running ensemble: kill the leader, restart it, partition it off, heal, pause and resume. */
    private void faults(String output, Path log) throws Exception {
        Map<Integer, String> address = new TreeMap<>();
        output.lines().filter(l -> l.matches("server \\d: .*")).forEach(l -> address.put(l.charAt(7) - '0', l.split(" +")[2]));
        int leader = Integer.parseInt(output.lines().filter(l -> l.startsWith("leader: server ")).findFirst().orElseThrow()
                .substring("leader: server ".length(), "leader: server ".length() + 1));
        String data = dir.resolve("data").toString();

        assertThat(fault("kill", String.valueOf(leader), "--data", data)).contains("server " + leader, "killed (SIGKILL)");
        await().atMost(Duration.ofSeconds(60)).until(() -> address.keySet().stream()
                .anyMatch(id -> id != leader && mode(address.get(id)).equals("leader")));
        assertThat(fault("restart", String.valueOf(leader), "--data", data)).contains("restart asked");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("minizk: server " + leader + " restarted"));
        await().atMost(Duration.ofSeconds(60)).until(() -> mode(address.get(leader)).equals("follower"));

        assertThat(fault("partition", String.valueOf(leader), "--data", data)).contains("partitioned: [" + leader + "]");
        await().atMost(Duration.ofSeconds(30)).until(() -> mode(address.get(leader)).equals("(not serving)"));
        assertThat(fault("heal", "--data", data)).contains("healed");
        await().atMost(Duration.ofSeconds(60)).until(() -> mode(address.get(leader)).equals("follower"));

        int other = address.keySet().stream().filter(id -> id != leader).findFirst().orElseThrow();
        assertThat(fault("pause", String.valueOf(other), "--data", data)).contains("paused (SIGSTOP)");
        assertThat(fault("resume", String.valueOf(other), "--data", data)).contains("resumed (SIGCONT)");
        assertThat(fault("kill", "9", "--data", data)).isEqualTo("error: SERVERS: there is no server 9 (servers [1, 2, 3])\n");
    }

    /** Runs {@code minizk fault ...} in this JVM; its output and errors. */
    private static String fault(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "fault";
        System.arraycopy(args, 0, all, 1, args.length);
        Main.run(all, new PrintWriter(out, true), new PrintWriter(out, true));
        return out.toString();
    }

    /** A server's mode from {@code srvr}: leader, follower, or "(not serving)". */
    private static String mode(String hostPort) {
        String[] parts = hostPort.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 1_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6)).findFirst().orElse("(not serving)");
        } catch (IOException e) {
            return "(down)";
        }
    }

    @Test
    void starts_three_servers_takes_faults_and_stops_them_all() throws Exception {
        Path log = dir.resolve("ensemble.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "ensemble", "--data", dir.resolve("data").toString(), "--tick-time", "200")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> servers = List.of();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(log).contains("connect string: ")
                    || !process.isAlive());
            String output = Files.readString(log);
            assertThat(output).contains("minizk ensemble: 3 servers", "leader: server ").doesNotContain("Exception");
            assertThat(output.lines().filter(l -> l.matches("server \\d: 127\\.0\\.0\\.\\d:\\d+  (leader|follower) .*status page http://127\\.0\\.0\\.\\d:\\d+/.*")))
                    .hasSize(3);
            String connectString = output.lines().filter(l -> l.startsWith("connect string: ")).findFirst().orElseThrow()
                    .substring("connect string: ".length());
            assertThat(connectString).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.2:\\d+,127\\.0\\.0\\.3:\\d+");
            assertThat(Files.readString(dir.resolve("data/server2/myid")).trim()).isEqualTo("2");
            servers = process.children().toList();
            assertThat(servers).hasSize(3);

            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(connectString, 10_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                assertThat(connected.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(zk.create("/up", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/up");
            } finally {
                zk.close();
            }

            faults(output, log);

            process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the command stops its servers
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle server : servers) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
            }
            assertThat(Files.readString(log)).contains("minizk: ensemble stopped (3 servers)");
        } finally {
            process.destroyForcibly();
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
