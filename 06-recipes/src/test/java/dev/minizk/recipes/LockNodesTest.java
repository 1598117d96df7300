package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 06.1: the names of lock nodes, their order, the GUID search and the predecessor (zk-reference §7). */
class LockNodesTest {

    @Tag("06.1")
    @Test
    void the_sequence_is_the_ten_digits_a_sequential_create_appends() {
        assertThat(LockNodes.sequenceOf("_c_0f3a-lock-0000000007")).isEqualTo(7);
        assertThat(LockNodes.sequenceOf("latch-0000012345")).isEqualTo(12_345);
        assertThat(LockNodes.sequenceOf("qn-2147483647")).isEqualTo(2_147_483_647L);
    }

    @Tag("06.1")
    @Test
    void a_name_that_does_not_end_in_ten_digits_has_no_sequence() {
        assertThatThrownBy(() -> LockNodes.sequenceOf("lock-12")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockNodes.sequenceOf("_c_guid-lock-00000000x1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Tag("06.1")
    @Test
    void nodes_are_ordered_by_sequence_whatever_their_prefix_and_other_children_are_left_out() {
        List<String> children = List.of("_c_bbb-lock-0000000003", "locks", "lock-0000000001", "_c_aaa-lock-0000000002",
                "_c_ccc-__READ__0000000000", "lock-0000000010");
        assertThat(LockNodes.sorted(children, "lock-"))
                .containsExactly("lock-0000000001", "_c_aaa-lock-0000000002", "_c_bbb-lock-0000000003", "lock-0000000010");
    }

    @Tag("06.1")
    @Test
    void a_protected_node_is_found_again_by_its_guid() {
        List<String> children = List.of("_c_1111-lock-0000000001", "_c_2222-lock-0000000002", "lock-0000000003");
        assertThat(LockNodes.findByGuid(children, "2222")).contains("_c_2222-lock-0000000002");
        assertThat(LockNodes.findByGuid(children, "3333")).isEmpty();
        assertThat(LockNodes.findByGuid(children, "111")).as("the whole GUID, not a prefix of it").isEmpty();
    }

    @Tag("06.1")
    @Test
    void a_waiter_watches_the_node_just_before_its_own_and_the_first_watches_none() {
        List<String> sorted = List.of("lock-0000000001", "_c_a-lock-0000000004", "_c_b-lock-0000000009");
        assertThat(LockNodes.predecessor(sorted, "lock-0000000001")).isEmpty();
        assertThat(LockNodes.predecessor(sorted, "_c_b-lock-0000000009")).contains("_c_a-lock-0000000004");
        assertThatThrownBy(() -> LockNodes.predecessor(sorted, "_c_gone-lock-0000000005"))
                .as("our node is gone: the lock is lost, not held")
                .isInstanceOf(IllegalStateException.class);
    }
}
