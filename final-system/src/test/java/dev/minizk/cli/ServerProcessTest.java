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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code minizk server} as a real process (this JVM's class path, so it runs before the jar
 * is built): it prints the connect string, serves a stock client, and stops cleanly on SIGTERM.
 */
@Timeout(30)
class ServerProcessTest {
    @TempDir
    Path dir;

    @Test
    void serves_on_a_free_port_and_stops_on_sigterm() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=500\nclientPort=2181\ndataDir=" + dir + "\nsomethingElse=1\n");
        // Output goes to a file: destroy() closes the pipes, and the shutdown message comes after it.
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--config", cfg.toString(), "--port", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(log).contains("connect string: "));
            String output = Files.readString(log);
            String connectString = output.lines().filter(l -> l.startsWith("connect string: ")).findFirst()
                    .orElseThrow().substring("connect string: ".length());
            assertThat(output).contains("warning: zoo.cfg line 4: unknown key 'somethingElse' ignored",
                    "tickTime 500 ms, session timeouts 1000..10000 ms", "is accepted but unused");
            assertThat(connectString).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:2181");

            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(connectString, 10_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(zk.create("/p", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/p");
            } finally {
                zk.close();
            }

            long stopAt = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long stopMillis = (System.nanoTime() - stopAt) / 1_000_000;
            assertThat(Files.readString(log)).contains("minizk: server on port").contains("stopped")
                    .doesNotContain("Exception");
            assertThat(stopMillis).isLessThan(5_000);
        } finally {
            process.destroyForcibly();
        }
    }
}
