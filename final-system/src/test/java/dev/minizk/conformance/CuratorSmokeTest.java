package dev.minizk.conformance;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Curator on a standalone server: {@code /zookeeper/config} is empty, so Curator's
 * EnsembleTracker (on by default) must leave the connect string alone.
 */
@Timeout(30)
class CuratorSmokeTest {

    @Test
    void curator_works_and_keeps_its_connect_string() throws Exception {
        try (TestServer server = TestServer.start();
             CuratorFramework curator = CuratorFrameworkFactory.newClient(server.connectString(), 4_000, 4_000,
                     new RetryNTimes(3, 100))) {
            curator.start();
            assertThat(curator.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
            assertThat(curator.getConfig().forEnsemble()).isEmpty();
            curator.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath("/cur/a/b", "x".getBytes());
            assertThat(curator.getData().forPath("/cur/a/b")).isEqualTo("x".getBytes());
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                    curator.getZookeeperClient().getCurrentConnectionString().equals(server.connectString()));
        }
    }
}
