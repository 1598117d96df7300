package dev.minizk.tree;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.4, first half: cversion as clients see it. The sequential names are in txn.SequentialNamesTest. */
class CversionAndSequentialTest {
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private final DataTree tree = new DataTree();

    @Test
    @Tag("01.4")
    void cversion_counts_child_creates_and_deletes() {
        tree.createNode("/p", bytes(""), OPEN, 0, -1, 1, 100);
        tree.createNode("/p/a", bytes(""), OPEN, 0, -1, 2, 100);
        assertThat(tree.stat("/p").cversion()).isEqualTo(1);

        tree.deleteNode("/p/a", 3);
        assertThat(tree.stat("/p").cversion()).isEqualTo(2);

        tree.createNode("/p/b", bytes(""), OPEN, 0, -1, 4, 100);
        assertThat(tree.stat("/p").cversion()).isEqualTo(3);
        assertThat(tree.node("/p").childCreates()).as("what is stored: creates only").isEqualTo(2);
    }

    @Test
    @Tag("01.4")
    void the_root_of_a_fresh_tree_shows_cversion_minus_one_like_ZooKeeper() {
        // /zookeeper was never created by a txn, so the root has one child and zero creates.
        assertThat(tree.stat("/").cversion()).isEqualTo(-1);
        assertThat(tree.stat("/zookeeper").cversion()).isEqualTo(-2);
    }

    @Test
    @Tag("01.4")
    void a_leaf_has_cversion_zero_and_a_busy_parent_keeps_counting() {
        tree.createNode("/q", bytes(""), OPEN, 0, -1, 1, 100);
        for (int i = 0; i < 5; i++) {
            tree.createNode("/q/n" + i, bytes(""), OPEN, 0, -1, 2 + i, 100);
        }
        tree.deleteNode("/q/n0", 10);
        tree.deleteNode("/q/n1", 11);

        assertThat(tree.stat("/q/n2").cversion()).isZero();
        assertThat(tree.stat("/q").cversion()).isEqualTo(7);
        assertThat(tree.stat("/q").numChildren()).isEqualTo(3);
    }
}
