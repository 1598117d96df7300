package dev.minizk.conformance;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.tree.Acl;
import dev.minizk.wire.ConnectCodec;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.minizk.conformance.TestServer.TICK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** §8 item 1: the handshake, raw and with the stock client. */
@Timeout(30)
class HandshakeTest {
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
    void the_connect_response_carries_the_read_only_byte_only_if_the_request_did() {
        try (WireClient modern = WireClient.open(server.port()); WireClient old = WireClient.open(server.port())) {
            modern.writeFrame(ConnectCodec.encodeRequest(ConnectRequest.newSession(4_000), true));
            assertThat(modern.readFrame()).hasSize(37);
            old.writeFrame(ConnectCodec.encodeRequest(ConnectRequest.newSession(4_000), false));
            byte[] response = old.readFrame();
            assertThat(response).hasSize(36);
        }
    }

    @Test
    void the_timeout_is_clamped_into_two_to_twenty_ticks() {
        assertThat(negotiated(1)).isEqualTo(2 * TICK);
        assertThat(negotiated(3 * TICK)).isEqualTo(3 * TICK);
        assertThat(negotiated(1_000_000_000)).isEqualTo(20 * TICK);
    }

    private static int negotiated(int requested) {
        try (WireClient client = WireClient.open(server.port())) {
            return client.handshake(ConnectRequest.newSession(requested), true).timeout();
        }
    }

    @Test
    void reconnecting_with_the_issued_password_resumes_the_session_and_keeps_its_ephemerals() {
        long sessionId;
        byte[] password;
        try (WireClient first = WireClient.session(server.port(), 20 * TICK)) {
            sessionId = first.sessionId;
            password = first.password;
            assertThat(first.call(new Request.Create(1, "/hs-eph", new byte[0], Acl.OPEN_ACL_UNSAFE, 1, -1)).err().value())
                    .isZero();
        } // the TCP connection dies; the session does not
        try (WireClient again = WireClient.open(server.port())) {
            ConnectResponse response = again.handshake(new ConnectRequest(0, 0, 20 * TICK, sessionId, password, false), true);
            assertThat(response.isValid()).isTrue();
            assertThat(response.sessionId()).isEqualTo(sessionId);
            ServerMessage.Reply exists = again.call(new Request.Exists("/hs-eph", false));
            assertThat(((dev.minizk.proto.Response.StatOnly) exists.body()).stat().ephemeralOwner()).isEqualTo(sessionId);
        }
    }

    @Test
    void a_wrong_password_or_an_unknown_session_is_expired_for_the_stock_client() throws Exception {
        ZooKeeper owner = server.client();
        byte[] wrong = owner.getSessionPasswd().clone();
        wrong[0] ^= 1;
        assertExpired(owner.getSessionId(), wrong);
        assertExpired(0x0100_0000_dead_beefL, new byte[16]);
        assertThat(owner.exists("/", false)).isNotNull(); // the real owner is untouched
    }

    private static void assertExpired(long sessionId, byte[] password) throws Exception {
        TestServer.Events events = new TestServer.Events();
        ZooKeeper zk = server.track(new ZooKeeper(server.connectString(), 20 * TICK, events, sessionId, password));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.states().contains(KeeperState.Expired));
        assertThat(zk.getState().isAlive()).isFalse();
    }

    @Test
    void a_refused_resume_gets_the_invalid_answer_then_the_connection_closes() {
        try (WireClient client = WireClient.open(server.port())) {
            ConnectResponse response = client.handshake(new ConnectRequest(0, 0, 4_000, 0x0100_0000_0000_0777L,
                    new byte[16], false), true);
            assertThat(response.timeout()).isZero();
            assertThat(response.sessionId()).isZero();
            assertThat(response.password()).isEqualTo(new byte[16]);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void a_client_that_has_seen_a_later_zxid_is_closed_without_an_answer() throws Exception {
        ZooKeeper zk = server.client();
        Stat stat = new Stat();
        zk.create("/hs-zxid", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT, stat);
        try (WireClient client = WireClient.open(server.port())) {
            client.writeFrame(ConnectCodec.encodeRequest(new ConnectRequest(0, stat.getCzxid() + 1_000, 4_000, 0,
                    new byte[16], false), true));
            assertThat(client.closedByServer()).isTrue();
            assertThat(client.bytesBeforeClose).isZero();
        }
        assertThat(server.runtime.internalErrorCount()).isZero();
    }
}
