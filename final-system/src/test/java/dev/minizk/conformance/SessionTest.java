package dev.minizk.conformance;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.tree.Acl;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.minizk.conformance.TestServer.TICK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** §8 item 2: pings keep a session alive, silence expires it, close() ends it at once. */
@Timeout(30)
class SessionTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pings_keep_a_short_session_alive_past_its_timeout() throws Exception {
        int timeout = 2 * TICK;
        TestServer.Events events = new TestServer.Events();
        ZooKeeper zk = server.client(server.connectString(), timeout, events);
        assertThat(zk.getSessionTimeout()).isEqualTo(timeout);
        long session = zk.getSessionId();
        zk.create("/alive", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        // Four session timeouts of idling: only the client's pings keep the session.
        await().during(Duration.ofMillis(4 * timeout)).atMost(Duration.ofSeconds(5))
                .until(() -> zk.getState().isConnected() && zk.getSessionId() == session);
        assertThat(zk.exists("/alive", false).getEphemeralOwner()).isEqualTo(session);
        assertThat(events.states()).doesNotContain(org.apache.zookeeper.Watcher.Event.KeeperState.Expired,
                org.apache.zookeeper.Watcher.Event.KeeperState.Disconnected);
    }

    @Test
    void a_silent_session_expires_and_its_ephemerals_go_with_events() throws Exception {
        ZooKeeper observer = server.client();
        observer.create("/quiet", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try (WireClient silent = WireClient.session(server.port(), 2 * TICK)) {
            assertThat(silent.call(new Request.Create(1, "/quiet/eph", new byte[0], Acl.OPEN_ACL_UNSAFE, 1, -1))
                    .err().value()).isZero();
            TestServer.Events events = new TestServer.Events();
            assertThat(observer.exists("/quiet/eph", events)).isNotNull();
            observer.getChildren("/quiet", events);

            // No pings from here on.
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> events.nodeEvents().size() == 2);
            assertThat(events.nodeEvents()).containsExactlyInAnyOrder("NodeDeleted /quiet/eph", "NodeChildrenChanged /quiet");
            assertThat(observer.exists("/quiet/eph", false)).isNull();
            assertThat(silent.closedByServer()).isTrue();

            try (WireClient late = WireClient.open(server.port())) {
                assertThat(late.handshake(new ConnectRequest(0, 0, 2 * TICK, silent.sessionId, silent.password, false), true)
                        .isValid()).isFalse();
            }
        }
    }

    @Test
    void close_removes_ephemerals_at_once() throws Exception {
        ZooKeeper observer = server.client();
        ZooKeeper leaving = server.client();
        leaving.create("/leaving", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThat(observer.exists("/leaving", false)).isNotNull();
        leaving.close();
        assertThat(observer.exists("/leaving", false)).isNull(); // no waiting: close() returned after the closeSession txn
        boolean stillThere = server.query(s -> s.sessions().stream().anyMatch(x -> x.id() == leaving.getSessionId()));
        assertThat(stillThere).isFalse();
    }
}
