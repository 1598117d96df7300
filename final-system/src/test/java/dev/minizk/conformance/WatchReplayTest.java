package dev.minizk.conformance;

import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * §8 item 9 (and the "reconnect keeps ephemerals and watches" part of item 1): a client
 * behind a proxy loses its TCP connection, the data changes meanwhile, and on reconnect its
 * SetWatches replay reports exactly what it missed.
 */
@Timeout(30)
class WatchReplayTest {

    @Test
    void reconnect_replays_watches_and_keeps_the_session() throws Exception {
        try (TestServer server = TestServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            ZooKeeper writer = server.client();
            for (String path : new String[]{"/rp", "/rp/data", "/rp/kids", "/rp/gone", "/rp/same", "/rp/pers"}) {
                writer.create(path, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            TestServer.Events events = new TestServer.Events();
            ZooKeeper zk = server.client(proxy.connectString(), 20 * TestServer.TICK, events);
            long session = zk.getSessionId();
            zk.create("/rp/eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.getData("/rp/data", true, null);
            zk.exists("/rp/new", true);
            zk.getChildren("/rp/kids", true);
            zk.exists("/rp/gone", true);
            zk.getData("/rp/same", true, null);
            zk.addWatch("/rp/pers", AddWatchMode.PERSISTENT);

            proxy.pause();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.states().contains(KeeperState.Disconnected));
            writer.setData("/rp/data", "changed".getBytes(), -1);
            writer.create("/rp/new", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.create("/rp/kids/k", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.delete("/rp/gone", -1);
            events.clear();
            proxy.resume();

            await().atMost(Duration.ofSeconds(5)).until(() -> events.nodeEvents().size() >= 4);
            assertThat(events.states()).contains(KeeperState.SyncConnected).doesNotContain(KeeperState.Expired);
            assertThat(events.nodeEvents()).containsExactlyInAnyOrder("NodeDataChanged /rp/data",
                    "NodeCreated /rp/new", "NodeChildrenChanged /rp/kids", "NodeDeleted /rp/gone");
            assertThat(zk.getSessionId()).isEqualTo(session);
            assertThat(writer.exists("/rp/eph", false).getEphemeralOwner()).isEqualTo(session);

            // The unchanged node's watch and the persistent watch were re-registered, not fired.
            events.clear();
            writer.setData("/rp/same", "now".getBytes(), -1);
            writer.setData("/rp/pers", "now".getBytes(), -1);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.nodeEvents().size() >= 2);
            assertThat(events.nodeEvents()).containsExactlyInAnyOrder("NodeDataChanged /rp/same", "NodeDataChanged /rp/pers");
        }
    }

    @Test
    void a_connection_the_server_drops_reconnects_to_the_same_session() throws Exception {
        try (TestServer server = TestServer.start()) {
            TestServer.Events events = new TestServer.Events();
            ZooKeeper zk = server.client(server.connectString(), 20 * TestServer.TICK, events);
            long session = zk.getSessionId();
            zk.create("/dropped", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            zk.exists("/dropped", true);
            assertThat(server.runtime.dropClientConnections().join()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.states().size() >= 3); // connected, lost, back
            assertThat(events.states()).containsSubsequence(KeeperState.Disconnected, KeeperState.SyncConnected);
            server.client().delete("/dropped", -1);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.nodeEvents().contains("NodeDeleted /dropped"));
            assertThat(zk.getSessionId()).isEqualTo(session);
        }
    }
}
