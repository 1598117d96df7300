package dev.minizk.txn;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The zxid arithmetic every stage shares (infrastructure, not a task: the class is given). */
class ZxidTest {

    @Test
    void epoch_and_counter_round_trip_and_order_as_longs() {
        long zxid = Zxid.of(3, 12);
        assertThat(zxid).isEqualTo(0x3_0000000CL);
        assertThat(Zxid.epochOf(zxid)).isEqualTo(3);
        assertThat(Zxid.counterOf(zxid)).isEqualTo(12);
        assertThat(Zxid.of(2, Zxid.MAX_PART)).isLessThan(Zxid.of(3, 0));
        assertThat(Zxid.epochOf(Zxid.of(Zxid.MAX_PART, 1))).isEqualTo(Zxid.MAX_PART);
    }

    @Test
    void parts_out_of_32_unsigned_bits_are_refused() {
        assertThatThrownBy(() -> Zxid.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Zxid.of(0, Zxid.MAX_PART + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Zxid.of(Zxid.MAX_PART + 1, 0)).hasMessageContaining("32 unsigned bits");
    }

    @Test
    void format_shows_epoch_and_counter() {
        assertThat(Zxid.format(Zxid.of(1, 5))).isEqualTo("0x1_00000005");
        assertThat(Zxid.format(Long.MIN_VALUE)).isEqualTo("none");
    }
}
