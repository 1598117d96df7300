package dev.minizk.acl;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import dev.minizk.txn.Op;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnBuilder;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.TxnProcessor;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 02.2: ZooKeeper's ACL checks for one caller. */
class AclEnforcerTest {
    private static final int[] EVERY_PERM = {Perms.READ, Perms.WRITE, Perms.CREATE, Perms.DELETE, Perms.ADMIN};

    private final DataTree tree = new DataTree();
    private final TxnBuilder builder = new TxnBuilder(tree, false);
    private final TxnProcessor processor = new TxnProcessor(tree);
    private long lastZxid;

    /** Preps and applies one write as {@code who}, the way the server will. */
    private Txn submit(AclEnforcer who, Op op) {
        TxnHeader header = new TxnHeader(0, 1, ++lastZxid, 1_000);
        Txn txn = builder.prepare(header, op, who);
        processor.apply(header, txn);
        builder.applied(header.zxid());
        return txn;
    }

    private static AclEnforcer caller(String address, String... userColonPasswords) {
        AuthInfo auth = new AuthInfo(address);
        for (String userColonPassword : userColonPasswords) {
            assertThat(auth.authenticate("digest", userColonPassword.getBytes(StandardCharsets.UTF_8), null)).isEqualTo(ErrorCode.OK);
        }
        return new AclEnforcer(auth);
    }

    private static Id digestId(String userColonPassword) {
        return new Id("digest", DigestAuth.digest(userColonPassword));
    }

    private static Id ip(String expr) {
        return new Id("ip", expr);
    }

    private static void assertFails(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void assertAllowed(AclEnforcer enforcer, List<Acl> acl, int perm) {
        assertThatCode(() -> enforcer.checkPermission("/n", acl, perm)).as("%s on %s", Perms.toString(perm), acl)
                .doesNotThrowAnyException();
    }

    private static void assertDenied(AclEnforcer enforcer, List<Acl> acl, int perm) {
        assertFails(ErrorCode.NOAUTH, () -> enforcer.checkPermission("/n", acl, perm));
    }

    @Test
    @Tag("02.2")
    void world_entries_grant_exactly_their_bits_and_an_empty_acl_grants_all() {
        AclEnforcer anyone = caller("10.0.0.1");

        assertAllowed(anyone, Acl.READ_ACL_UNSAFE, Perms.READ);
        for (int perm : new int[] {Perms.WRITE, Perms.CREATE, Perms.DELETE, Perms.ADMIN}) {
            assertDenied(anyone, Acl.READ_ACL_UNSAFE, perm);
        }
        List<Acl> readWrite = List.of(new Acl(Perms.READ | Perms.WRITE, Id.ANYONE), new Acl(Perms.ALL, digestId("bob:secret")));
        assertAllowed(anyone, readWrite, Perms.WRITE);
        assertDenied(anyone, readWrite, Perms.DELETE);
        for (int perm : EVERY_PERM) {
            assertAllowed(anyone, Acl.OPEN_ACL_UNSAFE, perm);
            assertAllowed(anyone, List.of(), perm);   // ZooKeeper: a node with no ACL entries is open
        }
    }

    @Test
    @Tag("02.2")
    void digest_entries_admit_the_user_with_the_right_password_for_their_bits() {
        List<Acl> acl = List.of(new Acl(Perms.READ | Perms.WRITE, digestId("bob:secret")),
                new Acl(Perms.ADMIN, digestId("carol:pw")));
        AclEnforcer bob = caller("10.0.0.2", "bob:secret");
        AclEnforcer alice = caller("10.0.0.3", "alice:secret");
        AclEnforcer carolAndBob = caller("10.0.0.4", "carol:pw", "bob:secret");

        assertAllowed(bob, acl, Perms.READ);
        assertAllowed(bob, acl, Perms.WRITE);
        assertDenied(bob, acl, Perms.ADMIN);
        assertDenied(bob, acl, Perms.DELETE);
        assertDenied(alice, acl, Perms.READ);
        assertDenied(caller("10.0.0.2"), acl, Perms.READ);
        assertAllowed(carolAndBob, acl, Perms.ADMIN);
        assertAllowed(carolAndBob, acl, Perms.WRITE);
        assertDenied(caller("10.0.0.5", "carol:pw"), acl, Perms.WRITE);
    }

    @Test
    @Tag("02.2")
    void ip_entries_admit_an_address_or_a_whole_prefix() {
        AclEnforcer lan = caller("192.168.1.77");
        for (String inside : new String[] {"192.168.1.77", "192.168.1.0/24", "192.168.0.0/16", "192.168.0.0/23",
                "192.168.1.64/27", "0.0.0.0/0", "192.168.1.77/32"}) {
            assertAllowed(lan, List.of(new Acl(Perms.READ, ip(inside))), Perms.READ);
        }
        for (String outside : new String[] {"192.168.1.78", "192.168.2.0/24", "192.168.2.0/23", "192.168.1.96/27",
                "10.0.0.0/8", "::1"}) {
            assertDenied(lan, List.of(new Acl(Perms.READ, ip(outside))), Perms.READ);
        }
        assertDenied(lan, List.of(new Acl(Perms.WRITE, ip("192.168.1.0/24"))), Perms.READ);

        AclEnforcer local6 = caller("0:0:0:0:0:0:0:1");
        assertAllowed(local6, List.of(new Acl(Perms.READ, ip("::1"))), Perms.READ);
        assertDenied(local6, List.of(new Acl(Perms.READ, ip("127.0.0.1"))), Perms.READ);
        assertAllowed(caller("fe80:0:0:0:1:2:3:4"), List.of(new Acl(Perms.READ, ip("fe80::/10"))), Perms.READ);
        assertDenied(caller("fec0:0:0:0:1:2:3:4"), List.of(new Acl(Perms.READ, ip("fe80::/10"))), Perms.READ);
    }

    @Test
    @Tag("02.2")
    void auth_expands_to_the_callers_authenticated_ids_only() {
        AclEnforcer bobAndAlice = caller("10.0.0.2", "bob:secret", "alice:pw");
        AclEnforcer anonymous = caller("10.0.0.3");

        assertThat(bobAndAlice.fixupAcl("/mine", Acl.CREATOR_ALL_ACL)).as("ip is no login, so it is left out")
                .containsExactly(new Acl(Perms.ALL, digestId("bob:secret")), new Acl(Perms.ALL, digestId("alice:pw")));
        assertThat(bobAndAlice.fixupAcl("/mine", List.of(new Acl(Perms.READ, Id.ANYONE), new Acl(Perms.ADMIN, new Id("auth", "ignored")),
                new Acl(Perms.READ, Id.ANYONE))))
                .as("duplicates dropped, order kept")
                .containsExactly(new Acl(Perms.READ, Id.ANYONE), new Acl(Perms.ADMIN, digestId("bob:secret")),
                        new Acl(Perms.ADMIN, digestId("alice:pw")));

        AuthInfo admin = new AuthInfo("127.0.0.1");
        admin.authenticate("digest", "super:test".getBytes(StandardCharsets.UTF_8), DigestAuth.digest("super:test"));
        assertThat(new AclEnforcer(admin).fixupAcl("/mine", Acl.CREATOR_ALL_ACL)).as("super has no provider: skipped")
                .containsExactly(new Acl(Perms.ALL, digestId("super:test")));

        assertFails(ErrorCode.INVALIDACL, () -> anonymous.fixupAcl("/mine", Acl.CREATOR_ALL_ACL));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine", List.of()));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine", null));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine",
                List.of(new Acl(Perms.ALL, new Id("auth", "")), new Acl(Perms.READ, new Id("world", "everyone")))));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine", List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/33")))));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine", List.of(new Acl(Perms.ALL, new Id("digest", "bob")))));
        assertFails(ErrorCode.INVALIDACL, () -> bobAndAlice.fixupAcl("/mine", List.of(new Acl(Perms.ALL, new Id("x509", "CN=bob")))));
    }

    @Test
    @Tag("02.2")
    void getAcl_hides_digest_hashes_from_callers_without_ADMIN() {
        List<Acl> acl = List.of(new Acl(Perms.ALL, digestId("bob:secret")), new Acl(Perms.READ, Id.ANYONE),
                new Acl(Perms.READ, ip("10.0.0.0/8")));
        List<Acl> masked = List.of(new Acl(Perms.ALL, new Id("digest", "bob:x")), new Acl(Perms.READ, Id.ANYONE),
                new Acl(Perms.READ, ip("10.0.0.0/8")));

        assertThat(caller("10.1.2.3").visibleAcl(acl)).isEqualTo(masked);
        assertThat(caller("10.1.2.3", "alice:pw").visibleAcl(acl)).isEqualTo(masked);
        assertThat(caller("10.1.2.3", "bob:secret").visibleAcl(acl)).as("bob has ADMIN").isEqualTo(acl);
        List<Acl> openAdmin = List.of(new Acl(Perms.ALL, digestId("bob:secret")), new Acl(Perms.ADMIN, Id.ANYONE));
        assertThat(caller("10.1.2.3").visibleAcl(openAdmin)).as("ADMIN for anyone shows everything").isEqualTo(openAdmin);
    }

    @Test
    @Tag("02.2")
    void the_enforcer_guards_prep_as_its_access_policy() {
        AclEnforcer bob = caller("10.0.0.2", "bob:secret");
        AclEnforcer alice = caller("10.0.0.3", "alice:pw");
        AclEnforcer anonymous = caller("10.0.0.4");
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);

        assertThat(submit(bob, new Op.Create("/bob", data, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT)))
                .isInstanceOf(Txn.Create.class);
        assertThat(tree.getAcl("/bob")).containsExactly(new Acl(Perms.ALL, digestId("bob:secret")));
        assertThat(submit(anonymous, new Op.Create("/anon", data, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT)))
                .isEqualTo(new Txn.Error(ErrorCode.INVALIDACL));
        assertThat(submit(alice, new Op.SetData("/bob", data, -1))).isEqualTo(new Txn.Error(ErrorCode.NOAUTH));
        assertThat(submit(alice, new Op.Create("/bob/child", data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)))
                .isEqualTo(new Txn.Error(ErrorCode.NOAUTH));
        assertThat(submit(bob, new Op.SetData("/bob", data, -1))).isInstanceOf(Txn.SetData.class);
    }
}
