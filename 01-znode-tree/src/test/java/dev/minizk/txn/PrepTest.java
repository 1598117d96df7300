package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.Perms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.6: turning requests into txns, with ZooKeeper's checks in ZooKeeper's order. */
class PrepTest {
    private final TreeDatabase db = new TreeDatabase();

    private TxnResult create(long session, String path, CreateMode mode) {
        return db.submit(session, new Op.Create(path, bytes("d"), Acl.OPEN_ACL_UNSAFE, mode));
    }

    @Test
    @Tag("01.6")
    void every_write_takes_the_next_zxid_even_when_it_fails() {
        TxnResult ok = db.create("/a", "x");
        List<Long> failedZxids = List.of(
                db.create("/a", "again").zxid(),
                db.create("/missing/child", "x").zxid(),
                db.setData("/a", "x", 7).zxid(),
                db.delete("/nope", -1).zxid());

        assertThat(ok.zxid()).isEqualTo(1);
        assertThat(failedZxids).containsExactly(2L, 3L, 4L, 5L);
        assertThat(db.tree().lastProcessedZxid()).isEqualTo(5);
        assertThat(db.log()).hasSize(5);
        assertThat(db.log().get(1).txn()).isEqualTo(new Txn.Error(ErrorCode.NODEEXISTS));
        assertThat(db.tree().nodeCount()).as("only /a was added").isEqualTo(5);
    }

    @Test
    @Tag("01.6")
    void a_create_txn_carries_every_decision() {
        db.create("/q", "");
        TxnResult result = db.create("/q/job-", "x", CreateMode.PERSISTENT_SEQUENTIAL);

        assertThat(result.path()).isEqualTo("/q/job-0000000000");
        Txn.Create txn = (Txn.Create) db.log().get(1).txn();
        assertThat(txn.path()).as("the final name, not the requested one").isEqualTo("/q/job-0000000000");
        assertThat(txn.parentCVersion()).isEqualTo(1);
        assertThat(txn.ephemeral()).isFalse();
        assertThat(db.tree().stat("/q/job-0000000000").czxid()).isEqualTo(2);
    }

    @Test
    @Tag("01.6")
    void sequential_counters_only_grow_so_deletes_never_cause_name_reuse() {
        db.create("/q", "");
        db.create("/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL);
        db.create("/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL);
        db.delete("/q/n-0000000001", -1);

        assertThat(db.create("/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL).path()).isEqualTo("/q/n-0000000002");
        assertThat(db.create("/q/", "", CreateMode.PERSISTENT_SEQUENTIAL).path())
                .as("a trailing slash is a valid sequential prefix").isEqualTo("/q/0000000003");
        assertThat(db.tree().stat("/q").cversion()).isEqualTo(5);
    }

    @Test
    @Tag("01.6")
    void create_errors_come_in_ZooKeepers_order() {
        assertThat(db.create("a", "").err()).as("no slash at all").isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.create("/a/", "").err()).as("the parent is looked up first").isEqualTo(ErrorCode.NONODE);
        assertThat(db.create("/a//b", "").err()).isEqualTo(ErrorCode.NONODE);
        db.create("/a", "");
        assertThat(db.create("/a/", "").err()).as("then the full check").isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.create("/a/./b", "").err()).isEqualTo(ErrorCode.NONODE);
        assertThat(db.create("/a/.", "").err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.create("/a", "").err()).isEqualTo(ErrorCode.NODEEXISTS);
        assertThat(db.create("/", "").err()).isEqualTo(ErrorCode.NODEEXISTS);
    }

    @Test
    @Tag("01.6")
    void ephemerals_cannot_have_children_but_NODEEXISTS_wins() {
        long session = db.openSession(30_000);
        create(session, "/eph", CreateMode.EPHEMERAL);
        create(session, "/eph2", CreateMode.EPHEMERAL);

        assertThat(create(session, "/eph/child", CreateMode.PERSISTENT).err()).isEqualTo(ErrorCode.NOCHILDRENFOREPHEMERALS);
        assertThat(create(session, "/eph/s-", CreateMode.EPHEMERAL_SEQUENTIAL).err()).isEqualTo(ErrorCode.NOCHILDRENFOREPHEMERALS);
        assertThat(db.tree().stat("/eph").ephemeralOwner()).isEqualTo(session);
        assertThat(create(session, "/eph2", CreateMode.EPHEMERAL).err()).isEqualTo(ErrorCode.NODEEXISTS);
    }

    @Test
    @Tag("01.6")
    void containers_and_ttl_nodes_get_their_own_txns() {
        db.create("/c", "", CreateMode.CONTAINER);
        TxnResult ttl = db.submit(0, new Op.Create("/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 60_000));

        assertThat(db.log().get(0).txn()).isInstanceOf(Txn.CreateContainer.class);
        assertThat(ttl.err()).isEqualTo(ErrorCode.OK);
        assertThat(db.log().get(1).txn()).isEqualTo(new Txn.CreateTtl("/t", ((Txn.CreateTtl) db.log().get(1).txn()).data(),
                Acl.OPEN_ACL_UNSAFE, 2, 60_000));
    }

    @Test
    @Tag("01.6")
    void ttl_rules_are_checked_before_anything_else() {
        TreeDatabase noTtl = new TreeDatabase(new DataTree(), false);
        Op.Create ttlCreate = new Op.Create("/missing/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000);

        assertThat(noTtl.submit(0, ttlCreate).err()).isEqualTo(ErrorCode.UNIMPLEMENTED);
        assertThat(db.submit(0, new Op.Create("/missing/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 0)).err())
                .isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.submit(0, new Op.Create("/missing/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 1_000)).err())
                .as("a ttl for a mode without one").isEqualTo(ErrorCode.BADARGUMENTS);
    }

    @Test
    @Tag("01.6")
    void bad_acls_and_oversized_data_are_refused() {
        assertThat(db.submit(0, new Op.Create("/x", bytes(""), List.of(), CreateMode.PERSISTENT)).err()).isEqualTo(ErrorCode.INVALIDACL);
        assertThat(db.submit(0, new Op.Create("/x", bytes(""), List.of(new Acl(Perms.ALL, new Id("world", "someone"))),
                CreateMode.PERSISTENT)).err()).isEqualTo(ErrorCode.INVALIDACL);
        assertThat(db.submit(0, new Op.Create("/x", bytes(""), List.of(new Acl(Perms.ALL, new Id("nosuch", "x"))),
                CreateMode.PERSISTENT)).err()).isEqualTo(ErrorCode.INVALIDACL);
        assertThat(db.submit(0, new Op.Create("/x", new byte[TxnBuilder.MAX_DATA_LENGTH + 1], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)).err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.submit(0, new Op.Create("/x", new byte[TxnBuilder.MAX_DATA_LENGTH], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)).err()).isEqualTo(ErrorCode.OK);
    }

    @Test
    @Tag("01.6")
    void set_data_checks_the_version_and_records_the_next_one() {
        db.create("/cfg", "v0");
        assertThat(db.setData("/cfg", "v1", 0).stat().version()).isEqualTo(1);
        assertThat(db.setData("/cfg", "stale", 0).err()).isEqualTo(ErrorCode.BADVERSION);
        assertThat(db.setData("/cfg", "any", -1).stat().version()).isEqualTo(2);
        assertThat(db.setData("/cfg/", "x", -1).err()).as("setData validates the path fully").isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.setData("/none", "x", -1).err()).isEqualTo(ErrorCode.NONODE);

        assertThat(db.log().get(1).txn()).isInstanceOfSatisfying(Txn.SetData.class, t -> assertThat(t.version()).isEqualTo(1));
        assertThat(new String(db.tree().getData("/cfg"))).isEqualTo("any");
    }

    @Test
    @Tag("01.6")
    void delete_checks_system_nodes_version_then_children() {
        db.create("/p", "");
        db.create("/p/c", "");

        assertThat(db.delete("/zookeeper", -1).err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.delete("/zookeeper/config", -1).err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.delete("/", -1).err()).isEqualTo(ErrorCode.BADARGUMENTS);
        assertThat(db.delete("/p", 5).err()).as("the version is checked before the children").isEqualTo(ErrorCode.BADVERSION);
        assertThat(db.delete("/p", 0).err()).isEqualTo(ErrorCode.NOTEMPTY);
        assertThat(db.delete("/missing/x", -1).err()).isEqualTo(ErrorCode.NONODE);
        assertThat(db.delete("/p/c", 0).err()).isEqualTo(ErrorCode.OK);
        assertThat(db.delete("/p", -1).err()).isEqualTo(ErrorCode.OK);
        assertThat(db.tree().exists("/p")).isFalse();
    }

    @Test
    @Tag("01.6")
    void prep_sees_changes_it_prepared_before_they_are_applied() {
        DataTree tree = new DataTree();
        TxnBuilder builder = new TxnBuilder(tree, false);
        TxnHeader first = new TxnHeader(0, 1, 1, 100);
        TxnHeader second = new TxnHeader(0, 2, 2, 100);
        TxnHeader third = new TxnHeader(0, 3, 3, 100);

        Txn parent = builder.prepare(first, new Op.Create("/p", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), AccessPolicy.OPEN);
        Txn child = builder.prepare(second, new Op.Create("/p/s-", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL), AccessPolicy.OPEN);
        Txn sibling = builder.prepare(third, new Op.Create("/p/s-", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL), AccessPolicy.OPEN);

        assertThat(parent).isInstanceOf(Txn.Create.class);
        assertThat(child).isInstanceOfSatisfying(Txn.Create.class, t -> assertThat(t.path()).isEqualTo("/p/s-0000000000"));
        assertThat(sibling).isInstanceOfSatisfying(Txn.Create.class, t -> assertThat(t.path()).isEqualTo("/p/s-0000000001"));
        assertThat(tree.exists("/p")).as("nothing is applied yet").isFalse();
    }
}
