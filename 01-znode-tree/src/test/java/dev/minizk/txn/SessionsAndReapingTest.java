package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.EventType;
import dev.minizk.tree.WatchTrigger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.8: sessions take their ephemerals with them; containers and TTL nodes get reaped. */
class SessionsAndReapingTest {
    private final TreeDatabase db = new TreeDatabase();

    private void create(long session, String path, CreateMode mode) {
        db.submit(session, new Op.Create(path, bytes(""), Acl.OPEN_ACL_UNSAFE, mode));
    }

    @Test
    @Tag("01.8")
    void closing_a_session_deletes_its_ephemerals_and_nothing_else() {
        long alice = db.openSession(30_000);
        long bob = db.openSession(30_000);
        db.create("/group", "");
        create(alice, "/group/alice", CreateMode.EPHEMERAL);
        create(alice, "/group/m-", CreateMode.EPHEMERAL_SEQUENTIAL);
        create(bob, "/group/bob", CreateMode.EPHEMERAL);
        create(alice, "/kept", CreateMode.PERSISTENT);

        TxnResult closed = db.closeSession(alice);

        assertThat(db.tree().getChildren("/group")).containsExactly("bob");
        assertThat(db.tree().exists("/kept")).isTrue();
        assertThat(db.tree().ephemerals(alice)).isEmpty();
        assertThat(db.tree().ephemerals(bob)).containsExactly("/group/bob");
        assertThat(db.tree().stat("/group").pzxid()).isEqualTo(closed.zxid());
        assertThat(closed.triggers()).containsExactly(
                new WatchTrigger(EventType.NODE_DELETED, "/group/alice"), new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, "/group"),
                new WatchTrigger(EventType.NODE_DELETED, "/group/m-0000000001"), new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, "/group"));
    }

    @Test
    @Tag("01.8")
    void the_close_txn_names_the_ephemerals_prep_saw() {
        long session = db.openSession(30_000);
        create(session, "/b", CreateMode.EPHEMERAL);
        create(session, "/a", CreateMode.EPHEMERAL);

        db.closeSession(session);

        assertThat(db.log().get(db.log().size() - 1).txn()).isEqualTo(new Txn.CloseSession(List.of("/a", "/b")));
    }

    @Test
    @Tag("01.8")
    void kill_session_skips_paths_already_gone_and_finds_ones_the_txn_missed() {
        DataTree tree = new DataTree();
        long session = 0x0100_0000_0000_0042L;
        tree.createNode("/x", bytes(""), Acl.OPEN_ACL_UNSAFE, session, -1, 1, 100);
        tree.createNode("/y", bytes(""), Acl.OPEN_ACL_UNSAFE, session, -1, 2, 100);

        List<String> deleted = tree.killSession(session, List.of("/gone", "/y"), 3);

        assertThat(deleted).containsExactly("/y", "/x");
        assertThat(tree.exists("/x")).isFalse();
        assertThat(tree.sessionsWithEphemerals()).isEmpty();
    }

    @Test
    @Tag("01.8")
    void a_container_is_reaped_once_its_last_child_is_gone() {
        db.create("/locks", "", CreateMode.CONTAINER);
        db.create("/fresh", "", CreateMode.CONTAINER);
        assertThat(db.tree().reapCandidates(db.now(), 0)).as("never used: kept").isEmpty();

        db.create("/locks/l1", "");
        assertThat(db.tree().reapCandidates(db.now(), 0)).as("has a child: kept").isEmpty();

        db.delete("/locks/l1", -1);
        assertThat(db.tree().reapCandidates(db.now(), 0)).containsExactly("/locks");
    }

    @Test
    @Tag("01.8")
    void a_never_used_container_is_reaped_only_after_the_configured_interval() {
        db.create("/fresh", "", CreateMode.CONTAINER);
        long created = db.now();

        assertThat(db.tree().reapCandidates(created + 5_000, 10_000)).isEmpty();
        assertThat(db.tree().reapCandidates(created + 10_001, 10_000)).containsExactly("/fresh");
        assertThat(db.tree().reapCandidates(created + 1_000_000, 0)).as("0 disables it").isEmpty();
    }

    @Test
    @Tag("01.8")
    void a_ttl_node_is_reaped_when_childless_and_unchanged_for_longer_than_its_ttl() {
        db.submit(0, new Op.Create("/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000));
        db.submit(0, new Op.Create("/busy", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 1_000));
        db.create("/busy/child", "");
        long start = db.now();

        assertThat(db.tree().reapCandidates(start + 1_000, 0)).isEmpty();
        assertThat(db.tree().reapCandidates(start + 1_001, 0)).containsExactly("/t");

        db.advanceClock(900);
        db.setData("/t", "touched", -1);
        assertThat(db.tree().reapCandidates(start + 1_001, 0)).as("a data change restarts the clock").isEmpty();
        assertThat(EphemeralOwner.ttlOf(db.tree().node("/t").ephemeralOwner())).isEqualTo(1_000);
    }
}
