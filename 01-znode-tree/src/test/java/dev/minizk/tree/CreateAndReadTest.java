package dev.minizk.tree;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 01.2: creating nodes and reading them back, Stat included. */
class CreateAndReadTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final long SESSION = 0x0100_0000_0000_0007L;
    private final DataTree tree = new DataTree();

    @Test
    @Tag("01.2")
    void a_new_node_takes_its_zxid_and_time_from_the_txn() {
        Stat stat = tree.createNode("/app", bytes("v1"), OPEN, 0, -1, 0x10, 5_000);

        assertThat(stat.czxid()).isEqualTo(0x10);
        assertThat(stat.mzxid()).isEqualTo(0x10);
        assertThat(stat.pzxid()).isEqualTo(0x10);
        assertThat(stat.ctime()).isEqualTo(5_000);
        assertThat(stat.mtime()).isEqualTo(5_000);
        assertThat(stat.version()).isZero();
        assertThat(stat.aversion()).isZero();
        assertThat(stat.ephemeralOwner()).isZero();
        assertThat(stat.dataLength()).isEqualTo(2);
        assertThat(stat.numChildren()).isZero();
        assertThat(tree.stat("/app")).isEqualTo(stat);
        assertThat(tree.getData("/app")).isEqualTo(bytes("v1"));
        assertThat(tree.getAcl("/app")).isEqualTo(OPEN);
    }

    @Test
    @Tag("01.2")
    void the_parent_learns_of_its_child_but_keeps_its_own_data_stat() {
        tree.createNode("/app", bytes("x"), OPEN, 0, -1, 1, 100);
        tree.createNode("/app/a", bytes("y"), OPEN, 0, -1, 2, 200);

        Stat parent = tree.stat("/app");
        assertThat(parent.numChildren()).isEqualTo(1);
        assertThat(parent.pzxid()).as("pzxid follows child creates").isEqualTo(2);
        assertThat(parent.mzxid()).as("a child is not a data change").isEqualTo(1);
        assertThat(parent.mtime()).isEqualTo(100);
        assertThat(tree.getChildren("/app")).containsExactly("a");
        assertThat(tree.getChildren("/")).containsExactlyInAnyOrder("zookeeper", "app");
        assertThat(tree.node("/app").childCreates()).isEqualTo(1);
    }

    @Test
    @Tag("01.2")
    void a_missing_parent_is_NONODE_and_nothing_changes() {
        assertThatThrownBy(() -> tree.createNode("/no/child", bytes(""), OPEN, 0, -1, 1, 100))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NONODE));
        assertThat(tree.exists("/no/child")).isFalse();
        assertThat(tree.nodeCount()).isEqualTo(4);
    }

    @Test
    @Tag("01.2")
    void an_existing_node_is_NODEEXISTS_and_keeps_its_data() {
        tree.createNode("/app", bytes("first"), OPEN, 0, -1, 1, 100);

        assertThatThrownBy(() -> tree.createNode("/app", bytes("second"), OPEN, 0, -1, 2, 200))
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NODEEXISTS));
        assertThat(tree.getData("/app")).isEqualTo(bytes("first"));
        assertThat(tree.stat("/").pzxid()).as("a failed create does not touch the parent").isEqualTo(1);
    }

    @Test
    @Tag("01.2")
    void null_data_reads_as_empty_with_length_zero() {
        Stat stat = tree.createNode("/empty", null, OPEN, 0, -1, 1, 100);

        assertThat(stat.dataLength()).isZero();
        assertThat(tree.getData("/empty")).isEmpty();
        assertThat(tree.node("/empty").hasNullData()).isTrue();
    }

    @Test
    @Tag("01.2")
    void ephemeral_nodes_show_their_owner_and_are_indexed_by_session() {
        Stat stat = tree.createNode("/lock", bytes(""), OPEN, SESSION, -1, 1, 100);

        assertThat(stat.ephemeralOwner()).isEqualTo(SESSION);
        assertThat(tree.ephemerals(SESSION)).containsExactly("/lock");
        assertThat(tree.sessionsWithEphemerals()).containsExactly(SESSION);
    }

    @Test
    @Tag("01.2")
    void containers_and_ttl_nodes_show_no_owner_to_clients() {
        Stat container = tree.createNode("/c", bytes(""), OPEN, EphemeralOwner.CONTAINER, -1, 1, 100);
        Stat ttl = tree.createNode("/t", bytes(""), OPEN, EphemeralOwner.ttl(5_000), -1, 2, 100);

        assertThat(container.ephemeralOwner()).isZero();
        assertThat(ttl.ephemeralOwner()).isZero();
        assertThat(tree.node("/c").ephemeralOwner()).isEqualTo(EphemeralOwner.CONTAINER);
        assertThat(tree.sessionsWithEphemerals()).isEmpty();
    }

    @Test
    @Tag("01.2")
    void the_parent_counter_comes_from_the_txn_and_never_moves_back() {
        tree.createNode("/p", bytes(""), OPEN, 0, -1, 1, 100);
        tree.createNode("/p/a", bytes(""), OPEN, 0, 1, 2, 100);
        tree.createNode("/p/b", bytes(""), OPEN, 0, 2, 3, 100);

        // A replayed create carries the older counter it was prepared with.
        tree.createNode("/p/c", bytes(""), OPEN, 0, 1, 4, 100);

        assertThat(tree.node("/p").childCreates()).isEqualTo(2);
        assertThat(tree.stat("/p").pzxid()).as("pzxid moves only with the counter").isEqualTo(3);
        assertThat(tree.getChildren("/p")).containsExactlyInAnyOrder("a", "b", "c");
    }
}
