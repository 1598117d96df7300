package dev.minizk.conformance;

import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** §8 items 3-6: CRUD with exact Stats, sequential names, error codes, zxids of failed writes. */
@Timeout(30)
class DataTest {
    static TestServer server;
    static ZooKeeper zk;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        zk = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void crud_round_trip_with_exact_stats() throws Exception {
        long before = System.currentTimeMillis();
        Stat created = new Stat();
        zk.create("/crud", "v1".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        long after = System.currentTimeMillis();
        long z1 = created.getCzxid();
        assertThat(created.getMzxid()).isEqualTo(z1);
        assertThat(created.getPzxid()).isEqualTo(z1);
        assertThat(created.getCtime()).isBetween(before, after).isEqualTo(created.getMtime());
        assertThat(List.of(created.getVersion(), created.getCversion(), created.getAversion(), created.getNumChildren()))
                .containsOnly(0);
        assertThat(created.getEphemeralOwner()).isZero();
        assertThat(created.getDataLength()).isEqualTo(2);
        assertThat(zk.exists("/crud", false)).isEqualTo(created);

        Stat set = zk.setData("/crud", "v22".getBytes(), 0);
        long z2 = set.getMzxid();
        assertThat(z2).isGreaterThan(z1);
        assertThat(set.getCzxid()).isEqualTo(z1);
        assertThat(set.getPzxid()).isEqualTo(z1);
        assertThat(set.getVersion()).isEqualTo(1);
        assertThat(set.getDataLength()).isEqualTo(3);
        assertThat(set.getMtime()).isGreaterThanOrEqualTo(set.getCtime());
        Stat read = new Stat();
        assertThat(new String(zk.getData("/crud", false, read))).isEqualTo("v22");
        assertThat(read).isEqualTo(set);

        // A mutable list: the stock client's validateACL calls contains(null), which List.of refuses.
        List<ACL> wider = java.util.Arrays.asList(new ACL(ZooDefs.Perms.ALL, Ids.ANYONE_ID_UNSAFE),
                new ACL(ZooDefs.Perms.READ, new Id("ip", "127.0.0.1")));
        Stat acl = zk.setACL("/crud", wider, 0);
        assertThat(acl.getAversion()).isEqualTo(1);
        assertThat(acl.getMzxid()).isEqualTo(z2); // setACL is not a data change
        assertThat(acl.getVersion()).isEqualTo(1);
        assertThat(zk.getACL("/crud", new Stat())).isEqualTo(wider);

        Stat child = new Stat();
        zk.create("/crud/c", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, child);
        long z3 = child.getCzxid();
        assertThat(child.getDataLength()).isZero();
        Stat parent = zk.exists("/crud", false);
        assertThat(parent.getCversion()).isEqualTo(1);
        assertThat(parent.getNumChildren()).isEqualTo(1);
        assertThat(parent.getPzxid()).isEqualTo(z3);
        assertThat(parent.getMzxid()).isEqualTo(z2);

        zk.delete("/crud/c", 0);
        parent = zk.exists("/crud", false);
        assertThat(parent.getCversion()).isEqualTo(2);
        assertThat(parent.getNumChildren()).isZero();
        long z4 = parent.getPzxid();
        assertThat(z4).isGreaterThan(z3);
        assertThat(parent.getMzxid()).isEqualTo(z2);
        Stat next = new Stat();
        zk.create("/crud/d", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, next);
        assertThat(next.getCzxid()).isEqualTo(z4 + 1); // the delete took exactly one zxid
    }

    @Test
    void sequential_names_use_the_create_counter_and_ignore_deletes() throws Exception {
        zk.create("/seq", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/seq/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.delete("/seq/a", -1);
        assertThat(zk.create("/seq/s-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
                .isEqualTo("/seq/s-0000000001");
        assertThat(zk.create("/seq/", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL))
                .isEqualTo("/seq/0000000002");
        assertThat(zk.exists("/seq", false).getCversion()).isEqualTo(4);
    }

    @Test
    void concurrent_sequential_creates_are_unique_and_ordered_per_client() throws Exception {
        zk.create("/race", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper other = server.client();
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        List<String> theirs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(60);
        for (int i = 0; i < 30; i++) {
            zk.create("/race/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                    (AsyncCallback.StringCallback) (rc, path, ctx, name) -> { mine.add(name); done.countDown(); }, null);
            other.create("/race/n-", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                    (AsyncCallback.StringCallback) (rc, path, ctx, name) -> { theirs.add(name); done.countDown(); }, null);
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mine).isSorted().hasSize(30);
        assertThat(theirs).isSorted().hasSize(30);
        HashSet<String> all = new HashSet<>(mine);
        all.addAll(theirs);
        assertThat(all).hasSize(60);
        assertThat(zk.getChildren("/race", false)).hasSize(60);
    }

    @Test
    void error_codes_match_zookeeper() throws Exception {
        zk.create("/err", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/err/kid", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/err-eph", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create("/err-ro", null, Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);

        assertCode(() -> zk.create("/err", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), KeeperException.Code.NODEEXISTS);
        assertCode(() -> zk.create("/nope/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), KeeperException.Code.NONODE);
        assertCode(() -> zk.delete("/err", -1), KeeperException.Code.NOTEMPTY);
        assertCode(() -> zk.setData("/err", null, 5), KeeperException.Code.BADVERSION);
        assertCode(() -> zk.create("/err-eph/x", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                KeeperException.Code.NOCHILDRENFOREPHEMERALS);
        assertCode(() -> zk.delete("/zookeeper", -1), KeeperException.Code.BADARGUMENTS);
        assertCode(() -> zk.setData("/err-ro", null, -1), KeeperException.Code.NOAUTH);
        assertCode(() -> zk.create("/ttl", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, new Stat(), 1_000),
                KeeperException.Code.UNIMPLEMENTED); // extended types are off on this server
        assertCode(() -> zk.getData("/nope", false, null), KeeperException.Code.NONODE);

        // What the stock client refuses to send, sent raw.
        try (WireClient raw = WireClient.session(server.port(), 4_000)) {
            assertThat(raw.call(new Request.Create(OpCode.CREATE, "/bad-flags", null, Acl.OPEN_ACL_UNSAFE, 99, -1)).err())
                    .isEqualTo(ErrorCode.BADARGUMENTS);
            assertThat(raw.call(new Request.Create(OpCode.CREATE, "/empty-acl", null, List.of(), 0, -1)).err())
                    .isEqualTo(ErrorCode.INVALIDACL);
            assertThat(raw.call(new Request.Unsupported(OpCode.RECONFIG))).satisfies(reply -> {
                assertThat(reply.err()).isEqualTo(ErrorCode.UNIMPLEMENTED);
                assertThat(reply.zxid()).isEqualTo(-1);
            });
        }
    }

    @Test
    void failed_writes_take_zxids_and_reply_zxids_never_go_back() {
        try (WireClient raw = WireClient.session(server.port(), 4_000)) {
            long previous = raw.call(new Request.Sync("/")).zxid();
            for (int i = 0; i < 5; i++) {
                ServerMessage.Reply failed = raw.call(new Request.Create(OpCode.CREATE, "/missing/x" + i, null,
                        Acl.OPEN_ACL_UNSAFE, 0, -1));
                assertThat(failed.err()).isEqualTo(ErrorCode.NONODE);
                assertThat(failed.zxid()).isEqualTo(previous + 1);
                ServerMessage.Reply read = raw.call(new Request.Exists("/", false));
                assertThat(read.zxid()).isEqualTo(failed.zxid()); // reads report the last processed zxid
                previous = read.zxid();
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertCode(Call call, KeeperException.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KeeperException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
