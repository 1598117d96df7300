package dev.minizk.client;

import dev.minizk.inprocess.InProcessNetwork;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.WatcherType;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's API call by call, and what it does with bad input. Ungraded. */
class ClientApiTest {
    private final InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults().withTtlEnabled(true));
    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure(network);
    private final ZkClient client = network.connect(10_000, null);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (KeeperException e) {
            return e.code();
        }
        return ErrorCode.OK;
    }

    @Test
    void create_read_update_delete() {
        assertThat(client.create("/a", bytes("x"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/a");
        var created = client.createAsync("/a/s-", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        network.runUntilIdle();
        Created seq = created.join();
        assertThat(seq.path()).isEqualTo("/a/s-0000000000");
        assertThat(seq.stat().czxid()).isEqualTo(client.lastZxidSeen());
        NodeData data = client.getData("/a", false);
        assertThat(data.data()).isEqualTo(bytes("x"));
        Stat stat = client.setData("/a", bytes("y"), data.stat().version());
        assertThat(stat.version()).isEqualTo(1);
        assertThat(client.getChildrenWithStat("/a", false).stat().numChildren()).isEqualTo(1);
        assertThat(codeOf(() -> client.setData("/a", bytes("z"), 0))).isEqualTo(ErrorCode.BADVERSION);
        assertThat(codeOf(() -> client.delete("/a", -1))).isEqualTo(ErrorCode.NOTEMPTY);
        client.delete("/a/s-0000000000", -1);
        client.delete("/a", 1);
        assertThat(client.exists("/a", false)).isNull();
        assertThat(codeOf(() -> client.getData("/a", false))).isEqualTo(ErrorCode.NONODE);
        client.sync("/");
    }

    @Test
    void ttl_and_container_nodes_go_out_with_their_own_op_codes() {
        client.create("/t", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 60_000);
        client.create("/c", null, Acl.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        assertThat(client.getChildren("/", false)).contains("t", "c");
    }

    @Test
    void multi_answers_every_result_or_throws_the_first_failure_with_the_results() {
        List<OpResult> results = client.multi(List.of(
                ZkClient.createRequest("/m", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, -1),
                new Request.SetData("/m", bytes("v"), 0)));
        assertThat(results).hasSize(2).first().isInstanceOf(OpResult.Create.class);

        assertThatThrownBy(() -> client.multi(List.of(new Request.Check("/m", 1), new Request.Delete("/none", -1),
                new Request.Delete("/m", -1))))
                .isInstanceOfSatisfying(MultiFailedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NONODE);
                    assertThat(e.path()).isEqualTo("/none");
                    assertThat(e.results()).extracting(r -> ((OpResult.Error) r).err())
                            .containsExactly(ErrorCode.OK, ErrorCode.NONODE, ErrorCode.RUNTIMEINCONSISTENCY);
                });
        assertThat(client.exists("/m", false)).isNotNull();
    }

    @Test
    void acls_auth_and_ephemerals() {
        client.addAuth("digest", bytes("alice:secret"));
        client.create("/private", null, Acl.CREATOR_ALL_ACL, CreateMode.EPHEMERAL);
        assertThat(client.getAcl("/private").acl()).hasSize(1);
        assertThat(client.getEphemerals()).containsExactly("/private");

        ZkClient stranger = network.connect(10_000, null);
        assertThat(codeOf(() -> stranger.getData("/private", false))).isEqualTo(ErrorCode.NOAUTH);
        client.setAcl("/private", Acl.OPEN_ACL_UNSAFE, 0);
        assertThat(stranger.getData("/private", false).stat().ephemeralOwner()).isEqualTo(client.sessionId());
    }

    @Test
    void identities_survive_a_reconnect() {
        client.addAuth("digest", bytes("alice:secret"));
        client.create("/private", null, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT);

        network.disconnect(client);
        network.runUntilIdle();

        assertThat(client.getData("/private", false).stat()).isNotNull();
    }

    @Test
    void removeWatches_tells_the_watcher_and_NOWATCHER_when_there_is_none() {
        client.create("/w", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Recorder first = new Recorder("first");
        Recorder second = new Recorder("second");
        client.getData("/w", first);
        client.getData("/w", second);

        client.removeWatches("/w", first, WatcherType.DATA);
        client.checkWatches("/w", WatcherType.DATA); // second still needs the server's watch
        assertThat(first.nodeEvents()).containsExactly("DATA_WATCH_REMOVED /w");
        assertThat(codeOf(() -> client.removeWatches("/w", first, WatcherType.DATA))).isEqualTo(ErrorCode.NOWATCHER);

        client.removeAllWatches("/w", WatcherType.ANY);
        assertThat(second.nodeEvents()).containsExactly("DATA_WATCH_REMOVED /w");
        assertThat(codeOf(() -> client.checkWatches("/w", WatcherType.DATA))).isEqualTo(ErrorCode.NOWATCHER);
        client.setData("/w", bytes("v"), -1);
        network.runUntilIdle();
        assertThat(first.nodeEvents()).hasSize(1);
        assertThat(second.nodeEvents()).hasSize(1);
    }

    @Test
    void bad_paths_and_versions_get_the_servers_codes() {
        assertThat(codeOf(() -> client.create("no-slash", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)))
                .isEqualTo(ErrorCode.BADARGUMENTS);
        client.create("/v", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(codeOf(() -> client.create("/v/", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)))
                .as("the parent exists, so the path itself is checked").isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(codeOf(() -> client.create("/none/", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)))
                .as("ZooKeeper looks the parent up first").isEqualTo(ErrorCode.NONODE);
        assertThat(codeOf(() -> client.create("/x", null, List.of(), CreateMode.PERSISTENT))).isEqualTo(ErrorCode.INVALIDACL);
        assertThat(codeOf(() -> client.getData("//", false))).isEqualTo(ErrorCode.NONODE);
        assertThat(codeOf(() -> client.setData("/v", null, -2))).isEqualTo(ErrorCode.BADVERSION);
        assertThat(codeOf(() -> client.delete("/v", 7))).isEqualTo(ErrorCode.BADVERSION);
    }

    @Test
    void null_arguments_are_named() {
        assertThatThrownBy(() -> client.getData(null, false)).isInstanceOf(NullPointerException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> client.create("/a", null, null, CreateMode.PERSISTENT)).hasMessageContaining("acl");
        assertThatThrownBy(() -> client.create("/a", null, Acl.OPEN_ACL_UNSAFE, null)).hasMessageContaining("mode");
        assertThatThrownBy(() -> client.exists("/a", (Watcher) null)).hasMessageContaining("watcher");
        assertThatThrownBy(() -> client.multi(null)).hasMessageContaining("ops");
        assertThatThrownBy(() -> client.multi(java.util.Arrays.asList(new Request.Check("/", -1), null)))
                .hasMessageContaining("ops[1]");
        assertThatThrownBy(() -> client.addAuth("digest", null)).hasMessageContaining("auth");
        assertThatThrownBy(() -> client.getData("/", true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("default watcher");
        assertThatThrownBy(() -> ZkClient.connect(network.newClientRuntime(), 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sessionTimeout");
    }

    @Test
    void a_client_that_cannot_reach_the_server_fails_to_connect_clearly() {
        ZkClient other = network.connect(10_000, null);
        network.partition(other);
        // a second client on the same partitioned machine cannot connect
        assertThatThrownBy(() -> ZkClient.connect(other.runtime(), 10_000, null))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECTIONLOSS))
                .hasMessageContaining("could not connect");
    }

    @Test
    void close_is_idempotent_and_an_unconnected_close_needs_no_server() {
        client.close();
        client.close();
        assertThat(client.state()).isEqualTo(ClientState.CLOSED);
        assertThat(network.server().sessions()).isEmpty();
    }
}
