package dev.minizk.tree;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 01.3: setData and delete on the tree. (Version arithmetic: txn.VersionsTest.) */
class ChangeAndDeleteTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final long SESSION = 0x0100_0000_0000_0007L;
    private final DataTree tree = new DataTree();

    @Test
    @Tag("01.3")
    void set_data_changes_data_version_mzxid_and_mtime_only() {
        tree.createNode("/cfg", bytes("v1"), OPEN, 0, -1, 1, 1_000);

        Stat stat = tree.setData("/cfg", bytes("version2"), 1, 5, 2_000);

        assertThat(tree.getData("/cfg")).isEqualTo(bytes("version2"));
        assertThat(stat.version()).isEqualTo(1);
        assertThat(stat.mzxid()).isEqualTo(5);
        assertThat(stat.mtime()).isEqualTo(2_000);
        assertThat(stat.dataLength()).isEqualTo(8);
        assertThat(stat.czxid()).isEqualTo(1);
        assertThat(stat.ctime()).isEqualTo(1_000);
        assertThat(stat.pzxid()).as("pzxid is about children").isEqualTo(1);
        assertThat(tree.stat("/")).as("the parent does not notice").extracting(Stat::pzxid).isEqualTo(1L);
    }

    @Test
    @Tag("01.3")
    void set_data_on_a_missing_node_is_NONODE() {
        assertThatThrownBy(() -> tree.setData("/nope", bytes("x"), 1, 1, 1))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NONODE));
    }

    @Test
    @Tag("01.3")
    void delete_unlinks_the_node_and_moves_the_parent_pzxid() {
        tree.createNode("/p", bytes(""), OPEN, 0, -1, 1, 100);
        tree.createNode("/p/a", bytes(""), OPEN, 0, -1, 2, 100);

        tree.deleteNode("/p/a", 3);

        assertThat(tree.exists("/p/a")).isFalse();
        assertThat(tree.getChildren("/p")).isEmpty();
        assertThat(tree.stat("/p").numChildren()).isZero();
        assertThat(tree.stat("/p").pzxid()).isEqualTo(3);
        assertThat(tree.node("/p").childCreates()).as("deletes do not lower the create counter").isEqualTo(1);
    }

    @Test
    @Tag("01.3")
    void deleting_a_missing_node_is_NONODE_yet_moves_the_parent_pzxid_as_ZooKeeper_does() {
        tree.createNode("/p", bytes(""), OPEN, 0, -1, 1, 100);

        assertThatThrownBy(() -> tree.deleteNode("/p/ghost", 9))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NONODE));
        assertThat(tree.stat("/p").pzxid()).isEqualTo(9);
    }

    @Test
    @Tag("01.3")
    void a_replayed_old_delete_never_lowers_the_parent_pzxid() {
        tree.createNode("/p", bytes(""), OPEN, 0, -1, 1, 100);
        tree.createNode("/p/a", bytes(""), OPEN, 0, -1, 2, 100);
        tree.createNode("/p/b", bytes(""), OPEN, 0, -1, 5, 100);

        tree.deleteNode("/p/a", 3);

        assertThat(tree.stat("/p").pzxid()).isEqualTo(5);
    }

    @Test
    @Tag("01.3")
    void deleting_an_ephemeral_removes_it_from_its_session() {
        tree.createNode("/lock", bytes(""), OPEN, SESSION, -1, 1, 100);
        tree.createNode("/c", bytes(""), OPEN, EphemeralOwner.CONTAINER, -1, 2, 100);

        tree.deleteNode("/lock", 3);
        tree.deleteNode("/c", 4);

        assertThat(tree.ephemerals(SESSION)).isEmpty();
        assertThat(tree.sessionsWithEphemerals()).isEmpty();
    }
}
