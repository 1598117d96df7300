package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.WatchTrigger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.7: multi, all or nothing, with ZooKeeper's per-op results. */
class MultiTest {
    private final TreeDatabase db = new TreeDatabase();

    private static Op create(String path) {
        return new Op.Create(path, bytes("d"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    @Tag("01.7")
    void a_successful_multi_applies_every_op_under_one_zxid() {
        TxnResult result = db.multi(create("/m"), create("/m/c"), new Op.SetData("/m", bytes("new"), 0), new Op.Check("/m/c", 0));

        assertThat(result.err()).isEqualTo(ErrorCode.OK);
        assertThat(result.subResults()).extracting(TxnResult::err).containsOnly(ErrorCode.OK);
        assertThat(result.subResults()).extracting(TxnResult::zxid).containsOnly(1L);
        assertThat(result.subResults().get(0).path()).isEqualTo("/m");
        assertThat(db.tree().stat("/m").version()).isEqualTo(1);
        assertThat(db.tree().stat("/m").mzxid()).isEqualTo(1);
        assertThat(db.tree().getChildren("/m")).containsExactly("c");
        assertThat(db.tree().lastProcessedZxid()).isEqualTo(1);
    }

    @Test
    @Tag("01.7")
    void a_failing_op_fails_the_whole_multi_with_ZooKeepers_result_codes() {
        db.create("/exists", "v");
        TxnResult result = db.multi(create("/x"), new Op.SetData("/exists", bytes("v2"), 9), create("/y"));

        assertThat(result.subResults()).extracting(TxnResult::err)
                .containsExactly(ErrorCode.OK, ErrorCode.BADVERSION, ErrorCode.RUNTIMEINCONSISTENCY);
        assertThat(result.err()).isEqualTo(ErrorCode.BADVERSION);
        assertThat(db.tree().exists("/x")).isFalse();
        assertThat(db.tree().exists("/y")).isFalse();
        assertThat(db.tree().stat("/exists").version()).isZero();
        assertThat(result.zxid()).as("a failed multi still takes its zxid").isEqualTo(2);
        assertThat(result.triggers()).isEmpty();
    }

    @Test
    @Tag("01.7")
    void the_txn_of_a_failed_multi_keeps_the_ops_before_the_failure() {
        db.multi(create("/x"), new Op.Delete("/none", -1), create("/y"));

        Txn.Multi txn = (Txn.Multi) db.log().get(0).txn();
        assertThat(txn.txns().get(0)).isInstanceOf(Txn.Create.class);
        assertThat(txn.txns().get(1)).isEqualTo(new Txn.Error(ErrorCode.NONODE));
        assertThat(txn.txns().get(2)).isEqualTo(new Txn.Error(ErrorCode.RUNTIMEINCONSISTENCY));
    }

    @Test
    @Tag("01.7")
    void a_failed_multi_takes_back_what_it_prepared() {
        db.multi(create("/x"), new Op.Check("/x", 5));

        TxnResult again = db.submit(0, create("/x"));

        assertThat(again.err()).as("the rolled-back create must not linger in prep").isEqualTo(ErrorCode.OK);
    }

    @Test
    @Tag("01.7")
    void later_ops_see_earlier_ones_so_a_node_can_be_replaced_in_one_step() {
        db.create("/cfg", "old");
        TxnResult result = db.multi(new Op.Delete("/cfg", 0), create("/cfg"), new Op.Check("/cfg", 0));

        assertThat(result.err()).isEqualTo(ErrorCode.OK);
        assertThat(new String(db.tree().getData("/cfg"))).isEqualTo("d");
        assertThat(db.tree().stat("/cfg").czxid()).isEqualTo(2);
        assertThat(result.triggers()).containsExactly(
                new WatchTrigger(EventType.NODE_DELETED, "/cfg"), new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, "/"),
                new WatchTrigger(EventType.NODE_CREATED, "/cfg"), new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, "/"));
    }

    @Test
    @Tag("01.7")
    void only_create_delete_set_data_and_check_belong_in_a_multi() {
        db.create("/a", "");
        TxnResult result = db.multi(create("/b"), new Op.SetAcl("/a", Acl.READ_ACL_UNSAFE, -1));

        assertThat(result.subResults()).extracting(TxnResult::err).containsExactly(ErrorCode.OK, ErrorCode.BADARGUMENTS);
        assertThat(db.tree().exists("/b")).isFalse();
    }
}
