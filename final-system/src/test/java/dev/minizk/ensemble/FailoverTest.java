package dev.minizk.ensemble;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader of a real 3-server ensemble stops; the other two elect a new one, and nothing
 * acknowledged is lost. Then every server stops and starts again from its files.
 */
@Timeout(180)
class FailoverTest {
    @TempDir
    Path dir;

    @Test
    void aNewLeaderTakesOverAndEveryAcknowledgedWriteSurvivesAFullRestart() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.start(dir, 3, 0)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
            int oldLeader = ensemble.settledLeader().orElseThrow();
            ZooKeeper zk = StockClientsOnEnsembleTest.client(ensemble.connectString(), 10_000);
            try {
                for (int i = 0; i < 20; i++) {
                    zk.create("/before-" + i, ("v" + i).getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
                long stoppedAt = System.nanoTime();
                ensemble.stop(oldLeader);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .ignoreExceptionsInstanceOf(KeeperException.ConnectionLossException.class)
                        .until(() -> zk.create("/after", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT) != null);
                System.out.printf("failover: leader %d stopped, first write acknowledged after %d ms%n", oldLeader,
                        (System.nanoTime() - stoppedAt) / 1_000_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
                assertThat(ensemble.settledLeader().orElseThrow()).isNotEqualTo(oldLeader);
                for (int i = 0; i < 20; i++) {
                    assertThat(new String(zk.getData("/before-" + i, false, null))).isEqualTo("v" + i);
                }
            } finally {
                zk.close();
            }

            ensemble.restart(oldLeader);
            for (int id : ensemble.running()) {
                ensemble.stop(id);
            }
            for (int id : ensemble.ids()) {
                ensemble.restart(id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
            ZooKeeper again = StockClientsOnEnsembleTest.client(ensemble.connectString(oldLeader), 4_000);
            try {
                again.sync("/", (rc, path, ctx) -> {
                }, null);
                assertThat(again.exists("/after", false)).isNotNull();
                for (int i = 0; i < 20; i++) {
                    assertThat(new String(again.getData("/before-" + i, false, null))).isEqualTo("v" + i);
                }
            } finally {
                again.close();
            }
        }
    }
}
