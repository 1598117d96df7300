package dev.minizk.ensemble;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stock ZooKeeper 3.9.5 client and Curator on a real ensemble (3 voters and an observer,
 * in this JVM, TCP and files): four-letter words per role, writes through a follower, a read
 * on another server after sync, ip ACLs with the client's real address, a session moving between servers with its ephemeral, an
 * ephemeral removed when its session expires. (Failover: {@link FailoverTest}.)
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockClientsOnEnsembleTest {
    @TempDir
    static Path dir;
    static TestEnsemble ensemble;
    static int leader;
    static List<Integer> followers;
    static int observer = 4;

    @BeforeAll
    static void start() {
        ensemble = TestEnsemble.start(dir, 3, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
        leader = ensemble.settledLeader().orElseThrow();
        followers = ensemble.ids().stream().filter(id -> id != leader && id != observer).toList();
    }

    @AfterAll
    static void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    static ZooKeeper client(String connectString, int timeoutMillis) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, timeoutMillis, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        assertThat(connected.await(20, TimeUnit.SECONDS)).as("connected to " + connectString).isTrue();
        return zk;
    }

    /** A four-letter word's answer from server {@code id}, as {@code echo word | nc} shows it. */
    static String word(int id, String word) throws IOException {
        String[] hostPort = ensemble.connectString(id).split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> mntr(int id) throws IOException {
        return word(id, "mntr").lines().map(l -> l.split("\t", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b, TreeMap::new));
    }

    @Test
    @Order(1)
    void fourLetterWordsTellEachServersRoleAsZooKeeperDoes() throws Exception {
        assertThat(word(leader, "srvr")).contains("Mode: leader\n");
        for (int follower : followers) {
            assertThat(word(follower, "srvr")).contains("Mode: follower\n");
        }
        assertThat(word(observer, "srvr")).contains("Mode: observer\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mntr(leader))
                .containsEntry("zk_server_state", "leader")
                .containsEntry("zk_peer_state", "leading - broadcast")
                .containsEntry("zk_quorum_size", "3")
                .containsEntry("zk_learners", "3")
                .containsEntry("zk_synced_followers", "2")
                .containsEntry("zk_synced_observers", "1"));
        assertThat(mntr(followers.get(0))).containsEntry("zk_server_state", "follower")
                .containsEntry("zk_peer_state", "following - broadcast").doesNotContainKey("zk_synced_followers");
        assertThat(mntr(observer)).containsEntry("zk_server_state", "observer");
    }

    @Test
    @Order(2)
    void aWriteThroughAFollowerIsSeenOnAnotherServerAfterSync() throws Exception {
        ZooKeeper writer = client(ensemble.connectString(followers.get(0)), 4_000);
        ZooKeeper reader = client(ensemble.connectString(observer), 4_000);
        try {
            writer.create("/a", "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.setData("/a", "y".getBytes(), 0);
            CountDownLatch synced = new CountDownLatch(1);
            reader.sync("/a", (rc, path, ctx) -> synced.countDown(), null);
            assertThat(synced.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(reader.getData("/a", false, null))).isEqualTo("y");
        } finally {
            writer.close();
            reader.close();
        }
    }

    @Test
    @Order(3)
    void ipAclsSeeTheClientsRealAddress() throws Exception {
        ZooKeeper zk = client(ensemble.connectString(followers.get(0)), 4_000);
        try {
            var who = zk.whoAmI();
            String ip = who.stream().filter(c -> "ip".equals(c.getAuthScheme())).findFirst().orElseThrow().getUser();
            assertThat(ip).startsWith("127.0.0.");
            // a mutable list: the stock client asks it whether it contains null, which List.of refuses to answer
            zk.create("/mine", new byte[0], new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("ip", ip)))), CreateMode.PERSISTENT);
            assertThat(zk.getData("/mine", false, null)).isEmpty();
        } finally {
            zk.close();
        }
    }

    @Test
    @Order(3)
    void curatorLocksAcrossServers() throws Exception {
        try (CuratorFramework one = curator(ensemble.connectString(followers.get(0)));
             CuratorFramework two = curator(ensemble.connectString(followers.get(1)))) {
            InterProcessMutex first = new InterProcessMutex(one, "/locks/l");
            InterProcessMutex second = new InterProcessMutex(two, "/locks/l");
            assertThat(first.acquire(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.acquire(300, TimeUnit.MILLISECONDS)).isFalse();
            first.release();
            assertThat(second.acquire(10, TimeUnit.SECONDS)).isTrue();
            second.release();
        }
    }

    private static CuratorFramework curator(String connectString) throws InterruptedException {
        CuratorFramework curator = CuratorFrameworkFactory.newClient(connectString, 4_000, 4_000, new RetryNTimes(3, 100));
        curator.start();
        assertThat(curator.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        return curator;
    }

    @Test
    @Order(4)
    void aSessionMovesToAnotherServerWithItsEphemeral() throws Exception {
        ZooKeeper zk = client(ensemble.connectString(followers.get(0)) + "," + ensemble.connectString(followers.get(1)), 4_000);
        try {
            long session = zk.getSessionId();
            zk.create("/mover", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            int from = serverOf(zk);
            assertThat(from).as(zk.toString()).isIn(followers);
            ensemble.server(from).runtime().dropClientConnections().get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState().isConnected() && serverOf(zk) != from);
            assertThat(zk.getSessionId()).isEqualTo(session);
            assertThat(zk.exists("/mover", false).getEphemeralOwner()).isEqualTo(session);
        } finally {
            zk.close();
        }
    }

    /** The server a stock client is connected to, from its {@code toString} ("... remoteserver:/127.0.0.2:port ..."). */
    private static int serverOf(ZooKeeper zk) {
        Matcher m = Pattern.compile("remoteserver:\\S*?127\\.0\\.0\\.(\\d+)").matcher(zk.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    @Order(5)
    void anEphemeralGoesWhenItsSessionExpires() throws Exception {
        int lost = followers.get(1);
        ZooKeeper owner = client(ensemble.connectString(lost), 1_000);
        ZooKeeper watcher = client(ensemble.connectString(leader), 4_000);
        try {
            owner.create("/doomed", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            watcher.sync("/", (rc, path, ctx) -> {
            }, null);
            await().atMost(Duration.ofSeconds(5)).until(() -> watcher.exists("/doomed", false) != null);
            ensemble.stop(lost); // the owner's only server: nobody tells the leader the session lives
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.exists("/doomed", false) == null);
        } finally {
            owner.close();
            watcher.close();
        }
    }
}
