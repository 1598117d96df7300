package dev.minizk.conformance;

import dev.minizk.server.ServerConfig;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** §8 item 13: digest identities against ACLs, auth expansion, masking, AUTHFAILED, whoAmI, super. */
@Timeout(30)
class AclTest {
    static TestServer server;
    static String aliceDigest;

    @BeforeAll
    static void start() throws Exception {
        aliceDigest = DigestAuthenticationProvider.generateDigest("alice:secret");
        server = TestServer.start(ServerConfig.withTick(TestServer.TICK)
                .withSuperDigest(DigestAuthenticationProvider.generateDigest("super:admin")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void creator_acl_expands_to_the_digest_identity_and_keeps_others_out() throws Exception {
        ZooKeeper alice = server.client();
        alice.addAuthInfo("digest", "alice:secret".getBytes());
        alice.create("/private", "s".getBytes(), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        assertThat(alice.getACL("/private", new Stat()))
                .containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("digest", aliceDigest)));

        ZooKeeper anonymous = server.client();
        assertNoAuth(() -> anonymous.getData("/private", false, null));
        ZooKeeper impostor = server.client();
        impostor.addAuthInfo("digest", "alice:wrong".getBytes()); // digest auth itself never fails
        assertNoAuth(() -> impostor.getData("/private", false, null));
        assertThat(impostor.getState().isConnected()).isTrue();

        ZooKeeper root = server.client();
        root.addAuthInfo("digest", "super:admin".getBytes());
        assertThat(root.getData("/private", false, null)).isEqualTo("s".getBytes());
    }

    @Test
    void get_acl_masks_digests_for_readers_without_admin() throws Exception {
        ZooKeeper alice = server.client();
        alice.addAuthInfo("digest", "alice:secret".getBytes());
        List<ACL> acl = Arrays.asList(new ACL(ZooDefs.Perms.ALL, new Id("digest", aliceDigest)),
                new ACL(ZooDefs.Perms.READ, Ids.ANYONE_ID_UNSAFE));
        alice.create("/masked", null, acl, CreateMode.PERSISTENT);
        ZooKeeper reader = server.client();
        assertThat(reader.getACL("/masked", new Stat())).extracting(a -> a.getId().getId())
                .containsExactly("alice:x", "anyone");
        assertThat(alice.getACL("/masked", new Stat())).extracting(a -> a.getId().getId())
                .containsExactly(aliceDigest, "anyone");
    }

    @Test
    void an_unknown_scheme_is_auth_failed_and_the_connection_closes() throws Exception {
        TestServer.Events events = new TestServer.Events();
        ZooKeeper zk = server.client(server.connectString(), 20 * TestServer.TICK, events);
        zk.addAuthInfo("kerberos-ish", "x".getBytes());
        await().atMost(Duration.ofSeconds(5)).until(() -> events.states().contains(KeeperState.AuthFailed));
        assertThatThrownBy(() -> zk.getData("/", false, null)).isInstanceOf(KeeperException.class);
    }

    @Test
    void who_am_i_lists_the_ip_and_digest_identities() throws Exception {
        ZooKeeper alice = server.client();
        alice.addAuthInfo("digest", "alice:secret".getBytes());
        List<ClientInfo> identities = alice.whoAmI();
        assertThat(identities).extracting(ClientInfo::getAuthScheme).contains("ip", "digest");
        assertThat(identities).filteredOn(i -> i.getAuthScheme().equals("ip")).extracting(ClientInfo::getUser)
                .containsExactly("127.0.0.1");
        // As ZooKeeper 3.9.5: a digest identity is reported by its user name alone, never the hash.
        assertThat(identities).filteredOn(i -> i.getAuthScheme().equals("digest")).extracting(ClientInfo::getUser)
                .containsExactly("alice");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertNoAuth(Call call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KeeperException.class,
                e -> assertThat(e.code()).isEqualTo(KeeperException.Code.NOAUTH));
    }
}
