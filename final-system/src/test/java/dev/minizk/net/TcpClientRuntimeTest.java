package dev.minizk.net;

import dev.minizk.client.ClientState;
import dev.minizk.client.MultiFailedException;
import dev.minizk.client.ZkClient;
import dev.minizk.conformance.TestServer;
import dev.minizk.differential.RealZooKeeper;
import dev.minizk.net.ThreadedClientRuntime.TcpZkClient;
import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The course's own client ({@link ZkClient}) over TCP, through {@link ThreadedClientRuntime}:
 * the same scenario against the minizk server and against a real ZooKeeper 3.9.5 server.
 */
@Timeout(30)
class TcpClientRuntimeTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    @Test
    void course_client_against_minizk() throws Exception {
        try (TestServer server = TestServer.start()) {
            scenario(server.connectString());
        }
    }

    @Test
    void course_client_against_real_zookeeper() throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.start(TestServer.TICK)) {
            scenario(zk.connectString());
        }
    }

    @Test
    void a_dead_first_host_is_skipped() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: connecting to it is refused
        }
        try (TestServer server = TestServer.start();
             TcpZkClient c = ThreadedClientRuntime.connect("127.0.0.1:" + deadPort + "," + server.connectString(), 4_000, null)) {
            assertThat(c.client().exists("/", false)).isNotNull();
        }
    }

    @Test
    void bad_connect_strings_are_named() {
        assertThatThrownBy(() -> ThreadedClientRuntime.tcp("localhost:abc"))
                .hasMessage("connect string entry 'localhost:abc': port 'abc' is not a number");
        assertThatThrownBy(() -> ThreadedClientRuntime.tcp("")).hasMessageContaining("connect string is empty");
        assertThatThrownBy(() -> ThreadedClientRuntime.tcp("h:1/chroot")).hasMessageContaining("chroot");
    }

    @Test
    void no_server_means_connection_loss_not_a_hang() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> ThreadedClientRuntime.connect("127.0.0.1:" + deadPort, 1_000, null))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONNECTIONLOSS));
    }

    private static void scenario(String connectString) {
        List<WatcherEvent> events = new CopyOnWriteArrayList<>();
        try (TcpZkClient a = ThreadedClientRuntime.connect(connectString, 4_000, events::add);
             TcpZkClient b = ThreadedClientRuntime.connect(connectString, 4_000, null)) {
            ZkClient zk = a.client();
            assertThat(zk.state()).isEqualTo(ClientState.CONNECTED);

            // CRUD with Stats
            assertThat(zk.create("/t", bytes("one"), OPEN, CreateMode.PERSISTENT)).isEqualTo("/t");
            assertThat(zk.getData("/t", true).data()).isEqualTo(bytes("one"));
            Stat changed = b.client().setData("/t", bytes("two"), 0);
            assertThat(changed.version()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    events.contains(WatcherEvent.of(EventType.NODE_DATA_CHANGED, "/t")));
            assertThatThrownBy(() -> zk.setData("/t", bytes("x"), 0))
                    .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BADVERSION));
            String seq = zk.create("/t/s-", bytes(""), OPEN, CreateMode.EPHEMERAL_SEQUENTIAL);
            assertThat(seq).isEqualTo("/t/s-0000000000");
            assertThat(zk.getChildrenWithStat("/t", false).stat().numChildren()).isEqualTo(1);

            // a persistent recursive watch sees the other client's create
            List<WatcherEvent> recursive = new CopyOnWriteArrayList<>();
            zk.addWatch("/t", recursive::add, AddWatchMode.PERSISTENT_RECURSIVE);
            b.client().create("/t/x", null, OPEN, CreateMode.PERSISTENT);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    recursive.contains(WatcherEvent.of(EventType.NODE_CREATED, "/t/x")));

            // multi: success, then an atomic failure
            List<OpResult> results = zk.multi(List.of(
                    ZkClient.createRequest("/m", bytes("m"), OPEN, CreateMode.PERSISTENT, -1),
                    new Request.SetData("/m", bytes("n"), 0),
                    new Request.Check("/t", 1)));
            assertThat(results).hasSize(3);
            assertThat(results.get(0)).isEqualTo(new OpResult.Create("/m", ((OpResult.Create) results.get(0)).stat()));
            assertThatThrownBy(() -> zk.multi(List.of(new Request.Delete("/m", -1), new Request.Delete("/nope", -1))))
                    .isInstanceOfSatisfying(MultiFailedException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NONODE);
                        assertThat(e.results()).hasSize(2);
                    });
            assertThat(zk.exists("/m", false)).isNotNull();

            // delete, and NoNode afterwards
            zk.delete("/m", -1);
            assertThatThrownBy(() -> zk.getData("/m", false))
                    .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NONODE));

            // close: the ephemeral goes at once, and the handle is dead
            a.close();
            assertThat(zk.state()).isEqualTo(ClientState.CLOSED);
            assertThat(b.client().exists(seq, false)).isNull();
            assertThatThrownBy(() -> zk.exists("/t", false))
                    .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSIONEXPIRED));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
