package dev.minizk.txn;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.4, second half: the names of sequential nodes. */
class SequentialNamesTest {

    @Test
    @Tag("01.4")
    void the_suffix_is_the_parent_counter_in_ten_digits() {
        assertThat(TxnBuilder.sequentialName("/q/item-", 7)).isEqualTo("/q/item-0000000007");
        assertThat(TxnBuilder.sequentialName("/q/", 0)).isEqualTo("/q/0000000000");
        assertThat(TxnBuilder.sequentialName("/lock-", 1234567890)).isEqualTo("/lock-1234567890");
    }

    @Test
    @Tag("01.4")
    void after_the_largest_int_the_suffix_turns_negative_as_in_ZooKeeper() {
        assertThat(TxnBuilder.sequentialName("/q/x", Integer.MAX_VALUE)).isEqualTo("/q/x2147483647");
        assertThat(TxnBuilder.sequentialName("/q/x", Integer.MIN_VALUE)).isEqualTo("/q/x-2147483648");
    }
}
