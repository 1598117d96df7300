package dev.minizk.acl;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 02.2: the digest scheme and what an Auth request does to a connection. */
class DigestAuthTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The digest computed the long way: user, ':', Base64(SHA-1(the whole "user:password")). */
    private static String expectedDigest(String user, String userColonPassword) throws Exception {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(utf8(userColonPassword));
        return user + ":" + Base64.getEncoder().encodeToString(sha1);
    }

    @Test
    @Tag("02.2")
    void the_digest_is_the_one_ZooKeeper_computes() throws Exception {
        assertThat(DigestAuth.digest("super:test"))
                .as("the super digest of the ZooKeeper docs").isEqualTo("super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
        assertThat(DigestAuth.digest("bob:secret")).isEqualTo(expectedDigest("bob", "bob:secret"));
        assertThat(DigestAuth.digest("alice:pa:ss"))
                .as("the user ends at the first ':'; the hash covers everything").isEqualTo(expectedDigest("alice", "alice:pa:ss"));
        assertThat(DigestAuth.digest("bob:other")).isNotEqualTo(DigestAuth.digest("bob:secret"));
    }

    @Test
    @Tag("02.2")
    void digest_auth_never_fails_so_a_wrong_password_only_shows_up_as_NOAUTH() {
        List<Acl> bobsNode = List.of(new Acl(Perms.ALL, new Id("digest", DigestAuth.digest("bob:secret"))));
        AuthInfo mallory = new AuthInfo("10.0.0.66");

        assertThat(mallory.authenticate("digest", utf8("bob:guess"), null)).isEqualTo(ErrorCode.OK);
        assertThat(mallory.ids()).containsExactly(new Id("ip", "10.0.0.66"), new Id("digest", DigestAuth.digest("bob:guess")));
        assertThatThrownBy(() -> new AclEnforcer(mallory).checkPermission("/bob", bobsNode, Perms.READ))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOAUTH));

        assertThat(mallory.authenticate("digest", utf8("bob:secret"), null)).as("a connection may try again").isEqualTo(ErrorCode.OK);
        new AclEnforcer(mallory).checkPermission("/bob", bobsNode, Perms.READ);
        assertThat(mallory.ids()).as("identities are only added").hasSize(3);
    }

    @Test
    @Tag("02.2")
    void only_the_configured_super_digest_makes_a_caller_super() {
        String superDigest = DigestAuth.digest("super:test");
        List<Acl> locked = List.of(new Acl(Perms.READ, new Id("digest", DigestAuth.digest("bob:secret"))));
        AuthInfo admin = new AuthInfo("127.0.0.1");
        AuthInfo noSuperConfigured = new AuthInfo("127.0.0.1");

        assertThat(admin.authenticate("digest", utf8("super:wrong"), superDigest)).isEqualTo(ErrorCode.OK);
        assertThat(admin.isSuper()).isFalse();
        assertThatThrownBy(() -> new AclEnforcer(admin).checkPermission("/locked", locked, Perms.DELETE))
                .isInstanceOf(KeeperException.class);
        assertThat(noSuperConfigured.authenticate("digest", utf8("super:test"), null)).isEqualTo(ErrorCode.OK);
        assertThat(noSuperConfigured.isSuper()).isFalse();

        assertThat(admin.authenticate("digest", utf8("super:test"), superDigest)).isEqualTo(ErrorCode.OK);
        assertThat(admin.isSuper()).isTrue();
        assertThat(admin.ids()).containsExactly(new Id("ip", "127.0.0.1"), new Id("digest", DigestAuth.digest("super:wrong")),
                new Id("super", ""), new Id("digest", superDigest));
        AclEnforcer superUser = new AclEnforcer(admin);
        for (int perm : new int[] {Perms.READ, Perms.WRITE, Perms.CREATE, Perms.DELETE, Perms.ADMIN}) {
            superUser.checkPermission("/locked", locked, perm);   // no exception: super bypasses every ACL
        }
        assertThat(superUser.visibleAcl(locked)).as("super sees the hashes").isEqualTo(locked);
    }

    @Test
    @Tag("02.2")
    void an_unknown_scheme_fails_and_adds_nothing() {
        AuthInfo caller = new AuthInfo("192.168.1.7");
        assertThat(caller.authenticate("digest", utf8("bob:secret"), null)).isEqualTo(ErrorCode.OK);
        List<Id> before = caller.ids();

        assertThat(caller.authenticate("sasl", utf8("bob"), null)).isEqualTo(ErrorCode.AUTHFAILED);
        assertThat(caller.authenticate("kerberos", utf8("bob:secret"), null)).isEqualTo(ErrorCode.AUTHFAILED);
        assertThat(caller.authenticate("super", utf8(""), DigestAuth.digest("super:test")))
                .as("super is no scheme a client can name").isEqualTo(ErrorCode.AUTHFAILED);
        assertThat(caller.authenticate("world", utf8("anyone"), null)).isEqualTo(ErrorCode.AUTHFAILED);
        assertThat(caller.authenticate("digest", null, null)).as("no data at all").isEqualTo(ErrorCode.AUTHFAILED);
        assertThat(caller.ids()).isEqualTo(before);

        assertThat(caller.authenticate("ip", utf8("10.9.9.9"), null)).as("ip auth gives the real address").isEqualTo(ErrorCode.OK);
        assertThat(caller.ids()).isEqualTo(before);
        assertThat(caller.authenticate("digest", utf8("bob:secret"), null)).isEqualTo(ErrorCode.OK);
        assertThat(caller.ids()).as("no duplicates").isEqualTo(before);
    }
}
