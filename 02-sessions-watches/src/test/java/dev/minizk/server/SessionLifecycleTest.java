package dev.minizk.server;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage.Notification;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 02.7: sessions in the server — start, resume, expire, close, and reaping. */
class SessionLifecycleTest {
    private final ServerHarness harness = new ServerHarness(); // tick 2000: timeouts 4000..40000

    private void createEphemeral(long connection, String path) {
        harness.call(connection, Request.Create.of(path, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.flag()));
    }

    private ConnectRequest resume(ConnectResponse session, long lastZxid) {
        return new ConnectRequest(0, lastZxid, session.timeout(), session.sessionId(), session.password(), false);
    }

    @Test // not graded: starting a session is given code; it shows what 02.1 and the pipeline give
    void a_new_session_is_a_txn_and_gets_a_clamped_timeout() {
        long connection = harness.connect(1_000);

        ConnectResponse response = harness.handshake(connection);
        assertThat(response.timeout()).isEqualTo(4_000);
        assertThat(response.sessionId() >>> 56).as("the server id in the top byte").isEqualTo(1);
        assertThat(response.password()).hasSize(16);
        assertThat(harness.server.lastZxid()).as("createSession took a zxid").isEqualTo(1);
        assertThat(harness.server.sessions()).hasSize(1);
    }

    @Test
    @Tag("02.7")
    void a_session_resumes_on_a_new_connection_with_its_ephemerals_and_the_old_one_closes() {
        long first = harness.connect(10_000);
        ConnectResponse session = harness.handshake(first);
        createEphemeral(first, "/me");

        long second = harness.connect(resume(session, harness.server.lastZxid()));

        assertThat(harness.handshake(second).sessionId()).isEqualTo(session.sessionId());
        assertThat(harness.isClosed(first)).isTrue();
        assertThat(harness.server.tree().exists("/me")).isTrue();
        assertThat(harness.call(second, new Request.Exists("/me", false)).err()).isEqualTo(ErrorCode.OK);
    }

    @Test
    @Tag("02.7")
    void a_wrong_password_gets_the_invalid_session_answer() {
        long first = harness.connect(10_000);
        ConnectResponse session = harness.handshake(first);
        byte[] wrong = session.password().clone();
        wrong[0] ^= 1;

        long second = harness.connect(new ConnectRequest(0, 0, 10_000, session.sessionId(), wrong, false));

        assertThat(harness.handshake(second).isValid()).isFalse();
        assertThat(harness.handshake(second).sessionId()).isZero();
        assertThat(harness.isClosed(second)).isTrue();
    }

    @Test
    @Tag("02.7")
    void a_client_that_has_seen_a_newer_zxid_is_turned_away_without_an_answer() {
        long connection = harness.connect(new ConnectRequest(0, 999, 10_000, 0, new byte[16], false));

        assertThat(harness.drain(connection)).isEmpty();
        assertThat(harness.isClosed(connection)).isTrue();
    }

    @Test
    @Tag("02.7")
    void silence_expires_a_session_its_ephemerals_go_and_watchers_hear_of_it() {
        long owner = harness.connect(4_000);
        ConnectResponse ownerSession = harness.handshake(owner);
        long watcher = harness.connect(40_000);
        createEphemeral(owner, "/lock");
        harness.call(watcher, new Request.Exists("/lock", true));

        harness.advance(3_000);
        harness.call(watcher, new Request.Ping());
        assertThat(harness.server.tree().exists("/lock")).as("not yet").isTrue();
        harness.advance(4_000);

        assertThat(harness.server.tree().exists("/lock")).isFalse();
        assertThat(harness.isClosed(owner)).isTrue();
        assertThat(harness.drain(watcher)).contains(new Notification(WatcherEvent.of(EventType.NODE_DELETED, "/lock"), 4));
        long retry = harness.connect(resume(ownerSession, 0));
        assertThat(harness.handshake(retry).isValid()).as("an expired session cannot be resumed").isFalse();
    }

    @Test
    @Tag("02.7")
    void requests_and_pings_keep_a_session_alive() {
        long connection = harness.connect(4_000);
        for (int i = 0; i < 10; i++) {
            harness.advance(2_000);
            harness.call(connection, new Request.Ping());
        }

        assertThat(harness.isClosed(connection)).isFalse();
        assertThat(harness.server.sessions()).hasSize(1);
    }

    @Test
    @Tag("02.7")
    void closing_a_session_removes_its_ephemerals_at_once() {
        long connection = harness.connect(30_000);
        createEphemeral(connection, "/a");
        createEphemeral(connection, "/b");

        var reply = harness.call(connection, new Request.CloseSession());

        assertThat(reply.err()).isEqualTo(ErrorCode.OK);
        assertThat(harness.server.tree().exists("/a")).isFalse();
        assertThat(harness.server.tree().exists("/b")).isFalse();
        assertThat(harness.isClosed(connection)).isTrue();
        assertThat(harness.server.sessions()).isEmpty();
    }

    @Test
    @Tag("02.7")
    void the_reaper_deletes_an_emptied_container_and_tells_its_watchers() {
        long connection = harness.connect(40_000);
        harness.call(connection, new Request.Create(19, "/locks", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.CONTAINER.flag(), -1));
        harness.call(connection, Request.Create.of("/locks/l", new byte[0], Acl.OPEN_ACL_UNSAFE, 0));
        harness.call(connection, new Request.Delete("/locks/l", -1));
        harness.call(connection, new Request.Exists("/locks", true));

        harness.advance(30_000);
        harness.call(connection, new Request.Ping());
        harness.advance(30_000);

        assertThat(harness.server.tree().exists("/locks")).isFalse();
        assertThat(harness.drain(connection)).anySatisfy(message -> assertThat(message)
                .isEqualTo(new Notification(WatcherEvent.of(EventType.NODE_DELETED, "/locks"), harness.server.lastZxid())));
    }
}
