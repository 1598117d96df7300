package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** 06.1, hidden: names that look like lock nodes but are not, and a GUID that contains the node name. */
class HiddenLockNodesTest {

    @Tag("06.1")
    @Test
    void only_the_name_followed_by_exactly_ten_digits_is_a_node_of_the_recipe() {
        List<String> children = List.of("_c_lock-0000000000-lock-0000000004", "lock-abc", "lock-00000000001",
                "mylock-0000000002", "lock-0000000003", "_c_x-latch-0000000001");
        assertThat(LockNodes.sorted(children, "lock-"))
                .containsExactly("mylock-0000000002", "lock-0000000003", "_c_lock-0000000000-lock-0000000004");
    }
}
