package dev.minizk.client;

import dev.minizk.inprocess.InProcessNetwork;
import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.KeeperState;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.minizk.proto.KeeperState.DISCONNECTED;
import static dev.minizk.proto.KeeperState.SYNC_CONNECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task 02.8: the client's watches and its reconnect, through the in-process network and the real
 * server. Client a watches, client b makes the changes. The session timeout is 30 s: the client
 * pings every 10 s and gives up on a silent connection after 20 s; the server's tick is 2 s.
 */
class ClientWatchesAndReconnectTest {
    private static final int TIMEOUT = 30_000;

    private final InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults());
    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure(network);
    private final Recorder aDefault = new Recorder("a's default watcher");
    private final ZkClient a = network.connect(TIMEOUT, aDefault);
    private final ZkClient b = network.connect(TIMEOUT, new Recorder("b's default watcher"));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void create(ZkClient client, String path, CreateMode mode) {
        client.create(path, bytes("v0"), Acl.OPEN_ACL_UNSAFE, mode);
    }

    @Test
    @Tag("02.8")
    void a_getData_watch_fires_once_and_only_to_the_watcher_that_set_it() {
        create(b, "/x", CreateMode.PERSISTENT);
        Recorder data = new Recorder("data");
        Recorder children = new Recorder("children");
        a.getData("/x", data);
        a.getChildren("/x", children);

        b.setData("/x", bytes("v1"), -1);
        b.setData("/x", bytes("v2"), -1);
        network.runUntilIdle();

        assertThat(data.nodeEvents()).containsExactly("NODE_DATA_CHANGED /x");
        assertThat(children.nodeEvents()).as("a data change is not a child change").isEmpty();
        assertThat(aDefault.nodeEvents()).as("the default watcher only hears watch=true events").isEmpty();
    }

    @Test
    @Tag("02.8")
    void exists_on_a_missing_node_waits_for_it_and_a_create_elsewhere_fires_NodeCreated() {
        Recorder appears = new Recorder("appears");

        assertThat(a.exists("/later", appears)).isNull();
        assertThat(a.exists("/other", true)).as("watch=true means the default watcher").isNull();
        create(b, "/later", CreateMode.PERSISTENT);
        create(b, "/other", CreateMode.PERSISTENT);
        b.setData("/later", bytes("v1"), -1);
        network.runUntilIdle();

        assertThat(appears.nodeEvents()).as("fired once: a one-time watch").containsExactly("NODE_CREATED /later");
        assertThat(aDefault.nodeEvents()).containsExactly("NODE_CREATED /other");
    }

    @Test
    @Tag("02.8")
    void a_child_watch_hears_NodeChildrenChanged_once_per_registration() {
        create(b, "/p", CreateMode.PERSISTENT);
        Recorder children = new Recorder("children");

        assertThat(a.getChildren("/p", children)).isEmpty();
        create(b, "/p/c1", CreateMode.PERSISTENT);
        create(b, "/p/c2", CreateMode.PERSISTENT);
        network.runUntilIdle();
        assertThat(children.nodeEvents()).containsExactly("NODE_CHILDREN_CHANGED /p");

        assertThat(a.getChildrenWithStat("/p", children).children()).containsExactlyInAnyOrder("c1", "c2");
        b.delete("/p/c1", -1);
        network.runUntilIdle();
        assertThat(children.nodeEvents()).containsExactly("NODE_CHILDREN_CHANGED /p", "NODE_CHILDREN_CHANGED /p");
    }

    @Test
    @Tag("02.8")
    void a_persistent_recursive_watch_streams_every_change_below_it_and_a_persistent_one_the_child_list() {
        Recorder recursive = new Recorder("recursive");
        Recorder persistent = new Recorder("persistent");
        a.addWatch("/r", recursive, AddWatchMode.PERSISTENT_RECURSIVE);
        a.addWatch("/r", persistent, AddWatchMode.PERSISTENT);

        create(b, "/r", CreateMode.PERSISTENT);
        create(b, "/r/k", CreateMode.PERSISTENT);
        b.setData("/r/k", bytes("v1"), -1);
        b.delete("/r/k", -1);
        b.setData("/r", bytes("v1"), -1);
        network.runUntilIdle();

        assertThat(recursive.nodeEvents()).containsExactly("NODE_CREATED /r", "NODE_CREATED /r/k",
                "NODE_DATA_CHANGED /r/k", "NODE_DELETED /r/k", "NODE_DATA_CHANGED /r");
        assertThat(persistent.nodeEvents()).containsExactly("NODE_CREATED /r", "NODE_CHILDREN_CHANGED /r",
                "NODE_CHILDREN_CHANGED /r", "NODE_DATA_CHANGED /r");
    }

    @Test
    @Tag("02.8")
    void two_watchers_on_one_path_are_both_called_each_once_from_one_notification() {
        create(b, "/x", CreateMode.PERSISTENT);
        Recorder first = new Recorder("first");
        Recorder second = new Recorder("second");
        a.getData("/x", first);
        a.exists("/x", second);
        a.getData("/x", first); // the same Watcher twice on one path is still one registration

        b.setData("/x", bytes("v1"), -1);
        network.runUntilIdle();

        assertThat(first.nodeEvents()).containsExactly("NODE_DATA_CHANGED /x");
        assertThat(second.nodeEvents()).containsExactly("NODE_DATA_CHANGED /x");
        assertThat(network.timeline().stream().filter(line -> line.contains("server → c1/")
                && line.contains("notify NODE_DATA_CHANGED /x")))
                .as("the server sends one notification; the client fans it out").hasSize(1);
    }

    @Test
    @Tag("02.8")
    void a_short_disconnect_keeps_the_session_its_ephemerals_and_its_watches() {
        long session = a.sessionId();
        create(a, "/mine", CreateMode.EPHEMERAL);
        Recorder appears = new Recorder("appears");
        assertThat(a.exists("/w", appears)).isNull();

        network.disconnect(a);
        network.runUntilIdle();

        assertThat(aDefault.states()).containsExactly(SYNC_CONNECTED, DISCONNECTED, SYNC_CONNECTED);
        assertThat(a.sessionId()).as("the same session, resumed").isEqualTo(session);
        network.advance(2L * TIMEOUT);
        assertThat(b.exists("/mine", false)).as("the ephemeral outlives the session timeout: the session lives").isNotNull();
        create(b, "/w", CreateMode.PERSISTENT);
        network.runUntilIdle();
        assertThat(appears.nodeEvents()).as("the exists watch was set again on the new connection")
                .containsExactly("NODE_CREATED /w");
    }

    @Test
    @Tag("02.8")
    void a_change_made_while_cut_off_is_reported_after_the_reconnect() {
        create(b, "/x", CreateMode.PERSISTENT);
        Recorder data = new Recorder("data");
        a.getData("/x", data);
        long session = a.sessionId();

        network.partition(a);
        b.setData("/x", bytes("v1"), -1); // its notification to a is lost in the stalled connection
        network.runUntilIdle();
        assertThat(data.nodeEvents()).isEmpty();
        network.advance(TIMEOUT * 2 / 3 + 1_000); // a's read timeout: the connection is given up
        assertThat(aDefault.states()).containsExactly(SYNC_CONNECTED, DISCONNECTED);
        network.heal(a);
        network.advance(ClientCore.RECONNECT_DELAY);
        network.runUntilIdle();

        assertThat(aDefault.states()).containsExactly(SYNC_CONNECTED, DISCONNECTED, SYNC_CONNECTED);
        assertThat(a.sessionId()).isEqualTo(session);
        assertThat(data.nodeEvents()).as("SetWatches with the last zxid a saw reports the change")
                .containsExactly("NODE_DATA_CHANGED /x");
        assertThat(a.getData("/x", false).data()).isEqualTo(bytes("v1"));
    }

    @Test
    @Tag("02.8")
    void a_long_partition_expires_the_session_and_the_handle_dies() {
        create(a, "/mine", CreateMode.EPHEMERAL);
        Recorder data = new Recorder("data");
        a.getData("/mine", data);
        Recorder gone = new Recorder("gone");
        assertThat(b.exists("/mine", gone)).isNotNull();

        network.partition(a);
        network.advance(TIMEOUT + 4_000); // past the timeout and the tick it is rounded up to
        assertThat(gone.nodeEvents()).as("the server expired the session").containsExactly("NODE_DELETED /mine");
        network.heal(a);
        network.advance(ClientCore.RECONNECT_DELAY);
        network.runUntilIdle();

        assertThat(aDefault.states()).containsExactly(SYNC_CONNECTED, DISCONNECTED, KeeperState.EXPIRED);
        assertThat(data.states()).as("every watcher hears the state changes").endsWith(KeeperState.EXPIRED);
        assertThat(a.state()).isEqualTo(ClientState.EXPIRED);
        assertThatThrownBy(() -> a.getData("/mine", false))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSIONEXPIRED));
        assertThat(b.exists("/mine", false)).isNull();
    }

    @Test
    @Tag("02.8")
    void close_removes_the_ephemerals_at_once_and_later_calls_fail_clearly() {
        create(a, "/mine", CreateMode.EPHEMERAL);
        Recorder gone = new Recorder("gone");
        assertThat(b.exists("/mine", gone)).isNotNull();
        long before = network.now();

        a.close();
        network.runUntilIdle();

        assertThat(network.now()).as("no waiting for expiry").isEqualTo(before);
        assertThat(gone.nodeEvents()).containsExactly("NODE_DELETED /mine");
        assertThat(b.exists("/mine", false)).isNull();
        assertThat(aDefault.states()).containsExactly(SYNC_CONNECTED, KeeperState.CLOSED);
        assertThatThrownBy(() -> a.exists("/", false))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSIONEXPIRED))
                .hasMessageContaining("closed");
    }

    @Test
    @Tag("02.8")
    void calls_outstanding_when_the_connection_drops_fail_with_CONNECTIONLOSS_and_the_session_goes_on() {
        InProcessNetwork slow = timeline.watch(new InProcessNetwork(ServerConfig.defaults(), 5));
        Recorder states = new Recorder("c's default watcher");
        ZkClient c = slow.connect(TIMEOUT, states);
        create(c, "/x", CreateMode.PERSISTENT);
        long session = c.sessionId();

        List<CompletableFuture<?>> outstanding = List.of(c.getDataAsync("/x", false),
                c.setDataAsync("/x", bytes("v1"), -1), c.existsAsync("/x", false));
        slow.advance(1); // sent, not answered: each message takes 5 ms
        slow.disconnect(c);
        slow.runUntilIdle();

        for (CompletableFuture<?> call : outstanding) {
            assertThat(call).failsWithin(java.time.Duration.ZERO).withThrowableThat()
                    .havingCause().isInstanceOfSatisfying(KeeperException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECTIONLOSS));
        }
        assertThat(states.states()).containsExactly(SYNC_CONNECTED, DISCONNECTED, SYNC_CONNECTED);
        assertThat(c.sessionId()).isEqualTo(session);
        assertThat(c.getData("/x", false).stat()).isNotNull();
    }
}
