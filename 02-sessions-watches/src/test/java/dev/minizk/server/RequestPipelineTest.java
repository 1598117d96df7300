package dev.minizk.server;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.ServerMessage.Notification;
import dev.minizk.proto.ServerMessage.Reply;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 02.6: the request pipeline — replies, zxids, errors, and notifications before replies. */
class RequestPipelineTest {
    private final ServerHarness harness = new ServerHarness();
    private final long alice = harness.connect(30_000);
    private final long bob = harness.connect(30_000);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Request.Create create(String path, String data) {
        return Request.Create.of(path, bytes(data), Acl.OPEN_ACL_UNSAFE, 0);
    }

    @Test
    @Tag("02.6")
    void a_write_replies_with_its_own_zxid_and_a_read_with_the_last_one() {
        Reply created = harness.call(alice, create("/app", "v1"));
        Reply read = harness.call(bob, new Request.GetData("/app", false));

        assertThat(created.err()).isEqualTo(ErrorCode.OK);
        assertThat(created.zxid()).as("after two createSession txns").isEqualTo(3);
        assertThat(created.body()).isInstanceOfSatisfying(Response.Created.class, body -> {
            assertThat(body.path()).isEqualTo("/app");
            assertThat(body.stat().czxid()).isEqualTo(3);
        });
        assertThat(read.zxid()).isEqualTo(3);
        assertThat(read.body()).isInstanceOfSatisfying(Response.Data.class,
                body -> assertThat(new String(body.data(), StandardCharsets.UTF_8)).isEqualTo("v1"));
    }

    @Test
    @Tag("02.6")
    void plain_create_answers_the_path_only_and_create2_the_stat_too() {
        Reply plain = harness.call(alice, new Request.Create(OpCode.CREATE, "/p", bytes(""), Acl.OPEN_ACL_UNSAFE, 0, -1));
        Reply withStat = harness.call(alice, new Request.Create(OpCode.CREATE2, "/q", bytes(""), Acl.OPEN_ACL_UNSAFE, 0, -1));

        assertThat(plain.body()).isEqualTo(new Response.PathOnly("/p"));
        assertThat(withStat.body()).isInstanceOf(Response.Created.class);
    }

    @Test
    @Tag("02.6")
    void a_failed_write_still_takes_a_zxid_and_carries_no_body() {
        harness.call(alice, create("/app", ""));
        Reply failed = harness.call(alice, create("/app", ""));
        Reply failedAgain = harness.call(alice, new Request.Delete("/missing", -1));

        assertThat(failed.err()).isEqualTo(ErrorCode.NODEEXISTS);
        assertThat(failed.body()).isNull();
        assertThat(failed.zxid()).isEqualTo(4);
        assertThat(failedAgain.zxid()).isEqualTo(5);
        assertThat(harness.server.lastZxid()).isEqualTo(5);
    }

    @Test
    @Tag("02.6")
    void a_read_of_a_missing_node_is_NONODE_and_sets_no_watch() {
        Reply reply = harness.call(alice, new Request.GetData("/nope", true));
        harness.call(bob, create("/nope", ""));

        assertThat(reply.err()).isEqualTo(ErrorCode.NONODE);
        assertThat(harness.drain(alice)).as("getData on a missing node registers nothing").isEmpty();
    }

    @Test
    @Tag("02.6")
    void the_notification_arrives_before_the_reply_of_the_write_that_caused_it() {
        harness.call(alice, create("/cfg", "v1"));
        harness.call(alice, new Request.GetData("/cfg", true));

        List<ServerMessage> messages = harness.send(alice, new Request.SetData("/cfg", bytes("v2"), -1));

        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).isEqualTo(new Notification(WatcherEvent.of(EventType.NODE_DATA_CHANGED, "/cfg"), 4));
        assertThat(messages.get(1)).isInstanceOfSatisfying(Reply.class, reply -> assertThat(reply.zxid()).isEqualTo(4));
    }

    @Test
    @Tag("02.6")
    void an_exists_watch_on_a_missing_node_fires_when_someone_creates_it() {
        Reply missing = harness.call(alice, new Request.Exists("/leader", true));
        harness.call(bob, create("/leader", "bob"));

        assertThat(missing.err()).isEqualTo(ErrorCode.NONODE);
        assertThat(harness.drain(alice)).containsExactly(
                new Notification(WatcherEvent.of(EventType.NODE_CREATED, "/leader"), 3));
    }

    @Test
    @Tag("02.6")
    void a_failed_multi_replies_OK_with_ZooKeepers_per_op_results() {
        harness.call(alice, create("/exists", ""));
        Reply reply = harness.call(alice, new Request.Multi(List.of(
                create("/x", ""), new Request.SetData("/exists", bytes("v"), 7), create("/y", ""))));

        assertThat(reply.err()).isEqualTo(ErrorCode.OK);
        assertThat(reply.body()).isEqualTo(new Response.MultiResults(List.of(
                new OpResult.Error(ErrorCode.OK), new OpResult.Error(ErrorCode.BADVERSION),
                new OpResult.Error(ErrorCode.RUNTIMEINCONSISTENCY))));
        assertThat(harness.server.tree().exists("/x")).isFalse();
    }

    @Test
    @Tag("02.6")
    void a_bad_create_flag_is_BADARGUMENTS_and_takes_a_zxid() {
        Reply reply = harness.call(alice, new Request.Create(OpCode.CREATE, "/x", bytes(""), Acl.OPEN_ACL_UNSAFE, 9, -1));

        assertThat(reply.err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(reply.zxid()).isEqualTo(3);
    }

    @Test
    @Tag("02.6")
    void an_unknown_op_is_UNIMPLEMENTED_and_the_connection_stays_usable() {
        Reply reply = harness.call(alice, new Request.Unsupported(999));
        Reply after = harness.call(alice, new Request.Exists("/", false));

        assertThat(reply.err()).isEqualTo(ErrorCode.UNIMPLEMENTED);
        assertThat(after.err()).isEqualTo(ErrorCode.OK);
        assertThat(harness.isClosed(alice)).isFalse();
    }
}
