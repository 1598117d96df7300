package dev.minizk.txn;

import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 01.3: conditional changes and version arithmetic. */
class VersionsTest {

    @Test
    @Tag("01.3")
    void any_version_or_the_right_one_gives_the_next() {
        assertThat(TxnBuilder.nextVersion("/a", 0, -1)).isEqualTo(1);
        assertThat(TxnBuilder.nextVersion("/a", 41, 41)).isEqualTo(42);
    }

    @Test
    @Tag("01.3")
    void the_wrong_version_is_BADVERSION() {
        assertThatThrownBy(() -> TxnBuilder.nextVersion("/a", 3, 2))
                .isInstanceOfSatisfying(KeeperException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BADVERSION);
                    assertThat(e.path()).isEqualTo("/a");
                });
    }

    @Test
    @Tag("01.3")
    void versions_wrap_around_but_never_become_minus_one() {
        assertThat(TxnBuilder.nextVersion("/a", Integer.MAX_VALUE, -1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(TxnBuilder.nextVersion("/a", -2, -1)).as("-1 means 'any version'").isZero();
    }
}
