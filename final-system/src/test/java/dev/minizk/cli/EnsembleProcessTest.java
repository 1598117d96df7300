package dev.minizk.cli;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code minizk ensemble} as a real process tree: three server processes on 127.0.0.1-3, a
 * leader, a connect string a stock client uses; SIGTERM to the command stops every server it
 * started.
 */
@Timeout(120)
class EnsembleProcessTest {
    @TempDir
    Path dir;

    @Test
    void starts_three_servers_prints_the_connect_string_and_stops_them_all() throws Exception {
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
