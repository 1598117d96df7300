package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only checks for task 01.6 and 01.7. */
class HiddenPrepTest {
    private final TreeDatabase db = new TreeDatabase();

    @Test
    @Tag("01.6")
    void sequential_creates_in_one_multi_get_consecutive_names() {
        db.create("/q", "");
        Op seq = new Op.Create("/q/n-", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);

        TxnResult result = db.submit(0, new Op.Multi(List.of(seq, seq, seq)));

        assertThat(result.subResults()).extracting(TxnResult::path)
                .containsExactly("/q/n-0000000000", "/q/n-0000000001", "/q/n-0000000002");
    }

    @Test
    @Tag("01.7")
    void a_multi_that_deletes_a_parent_after_creating_a_child_fails_with_NOTEMPTY() {
        db.create("/p", "");
        TxnResult result = db.multi(new Op.Create("/p/c", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new Op.Delete("/p", -1));

        assertThat(result.subResults()).extracting(TxnResult::err).containsExactly(ErrorCode.OK, ErrorCode.NOTEMPTY);
        assertThat(db.tree().exists("/p/c")).isFalse();
    }
}
