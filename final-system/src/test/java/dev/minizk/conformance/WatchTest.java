package dev.minizk.conformance;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.WatcherType;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** §8 items 7 and 8: one-time watches, persistent and recursive watches. */
@Timeout(30)
class WatchTest {
    static TestServer server;
    static ZooKeeper writer;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        writer = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void one_time_watches_fire_once_per_the_table() throws Exception {
        ZooKeeper zk = server.client();
        TestServer.Events events = new TestServer.Events();

        assertThat(zk.exists("/w1", events)).isNull(); // an exists watch on a missing node
        writer.create("/w1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        awaitEvents(events, "NodeCreated /w1");

        zk.getData("/w1", events, null);
        zk.getChildren("/w1", events);
        writer.setData("/w1", "a".getBytes(), -1);
        writer.setData("/w1", "b".getBytes(), -1); // the data watch is gone after the first
        writer.create("/w1/k", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create("/w1/k2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT); // so is the child watch
        awaitEvents(events, "NodeCreated /w1", "NodeDataChanged /w1", "NodeChildrenChanged /w1");

        zk.getData("/w1", events, null);
        writer.setACL("/w1", Ids.OPEN_ACL_UNSAFE, -1); // no event for setACL
        writer.delete("/w1/k", -1);
        writer.delete("/w1/k2", -1);
        writer.delete("/w1", -1);
        awaitEvents(events, "NodeCreated /w1", "NodeDataChanged /w1", "NodeChildrenChanged /w1", "NodeDeleted /w1");
    }

    @Test
    void one_event_per_connection_per_trigger_and_it_comes_before_the_reply() {
        try (WireClient raw = WireClient.session(server.port(), 4_000)) {
            assertThat(raw.call(new Request.Exists("/w2", true)).err()).isEqualTo(ErrorCode.NONODE);
            raw.send(new Request.Create(OpCode.CREATE, "/w2", null, Acl.OPEN_ACL_UNSAFE, 0, -1));
            ServerMessage first = raw.read();
            ServerMessage second = raw.read();
            assertThat(first).isInstanceOf(ServerMessage.Notification.class);
            assertThat(((ServerMessage.Notification) first).event().type()).isEqualTo(EventType.NODE_CREATED);
            assertThat(second).isInstanceOf(ServerMessage.Reply.class);
            // The notification carries the zxid of the txn that caused it, which the reply reports too.
            assertThat(((ServerMessage.Notification) first).zxid()).isEqualTo(((ServerMessage.Reply) second).zxid());

            raw.call(new Request.GetData("/w2", true));
            raw.call(new Request.GetChildren("/w2", true, false));
            raw.call(new Request.Exists("/w2", true));
            raw.notifications.clear();
            raw.call(new Request.Delete("/w2", -1));
            raw.call(new Request.Ping());
            assertThat(raw.notifications).hasSize(1);
            assertThat(raw.notifications.get(0).event().type()).isEqualTo(EventType.NODE_DELETED);
        }
    }

    @Test
    void persistent_watches_see_the_node_and_its_children_and_survive() throws Exception {
        ZooKeeper zk = server.client();
        TestServer.Events events = new TestServer.Events();
        zk.addWatch("/pw", events, AddWatchMode.PERSISTENT); // the node does not exist yet
        writer.create("/pw", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData("/pw", "1".getBytes(), -1);
        writer.setData("/pw", "2".getBytes(), -1);
        writer.create("/pw/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData("/pw/c", "x".getBytes(), -1); // grandchild-level data: not for a PERSISTENT watch
        writer.delete("/pw/c", -1);
        awaitEvents(events, "NodeCreated /pw", "NodeDataChanged /pw", "NodeDataChanged /pw",
                "NodeChildrenChanged /pw", "NodeChildrenChanged /pw");
    }

    @Test
    void recursive_watches_see_every_descendant_but_no_child_list_changes() throws Exception {
        ZooKeeper zk = server.client();
        TestServer.Events events = new TestServer.Events();
        zk.addWatch("/r", events, AddWatchMode.PERSISTENT_RECURSIVE);
        writer.create("/r", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.create("/r/k", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        writer.setData("/r/k", "v".getBytes(), -1);
        writer.delete("/r/k", -1);
        awaitEvents(events, "NodeCreated /r", "NodeCreated /r/k", "NodeDataChanged /r/k", "NodeDeleted /r/k");

        zk.removeAllWatches("/r", Watcher.WatcherType.Any, false);
        writer.setData("/r", "after".getBytes(), -1);
        zk.sync("/"); // anything the server would still send is in before the sync's reply
        assertThat(events.nodeEvents()).filteredOn(e -> !e.startsWith("PersistentWatchRemoved"))
                .containsExactly("NodeCreated /r", "NodeCreated /r/k", "NodeDataChanged /r/k", "NodeDeleted /r/k");
    }

    @Test
    void check_and_remove_watches_answer_nowatcher_when_there_is_none() {
        try (WireClient raw = WireClient.session(server.port(), 4_000)) {
            assertThat(raw.call(new Request.CheckWatches("/none", WatcherType.ANY.value())).err())
                    .isEqualTo(ErrorCode.NOWATCHER);
            assertThat(raw.call(new Request.RemoveWatches("/none", WatcherType.ANY.value())).err())
                    .isEqualTo(ErrorCode.NOWATCHER);
            assertThat(raw.call(new Request.AddWatch("/cw", 0)).err()).isEqualTo(ErrorCode.OK);
            assertThat(raw.call(new Request.CheckWatches("/cw", WatcherType.PERSISTENT.value())).err())
                    .isEqualTo(ErrorCode.OK);
            assertThat(raw.call(new Request.RemoveWatches("/cw", WatcherType.ANY.value())).err()).isEqualTo(ErrorCode.OK);
            assertThat(raw.call(new Request.CheckWatches("/cw", WatcherType.ANY.value())).err())
                    .isEqualTo(ErrorCode.NOWATCHER);
        }
    }

    static void awaitEvents(TestServer.Events events, String... expected) {
        await().atMost(Duration.ofSeconds(5)).until(() -> events.nodeEvents().size() >= expected.length);
        assertThat(events.nodeEvents()).containsExactly(expected);
    }
}
