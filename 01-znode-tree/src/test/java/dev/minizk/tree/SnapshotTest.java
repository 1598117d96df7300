package dev.minizk.tree;

import dev.minizk.txn.Op;
import dev.minizk.txn.TreeDatabase;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.LoggedTxn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.minizk.tree.TreeAssertions.assertSameTree;
import static dev.minizk.tree.TreeAssertions.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 01.9: snapshots, consistent and fuzzy. */
class SnapshotTest {
    private final TreeDatabase db = new TreeDatabase();

    private void buildVariedTree() {
        long session = db.openSession(30_000);
        db.create("/app", "config");
        db.create("/app/q", "");
        db.create("/app/q/item-", "1", CreateMode.PERSISTENT_SEQUENTIAL);
        db.create("/app/q/item-", "2", CreateMode.PERSISTENT_SEQUENTIAL);
        db.delete("/app/q/item-0000000000", -1);
        db.setData("/app", "config v2", -1);
        db.submit(session, new Op.Create("/app/lock", bytes("me"), Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        db.submit(0, new Op.Create("/secret", null, List.of(new Acl(Perms.READ, new Id("digest", "bob:hash="))), CreateMode.PERSISTENT));
        db.submit(0, new Op.SetAcl("/app", Acl.READ_ACL_UNSAFE, -1));
        db.create("/c", "", CreateMode.CONTAINER);
        db.submit(0, new Op.Create("/t", bytes(""), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 5_000));
    }

    @Test
    @Tag("01.9")
    void a_snapshot_restores_the_same_tree() throws IOException {
        buildVariedTree();

        DataTree restored = TreeSnapshot.deserialize(TreeSnapshot.serialize(db.tree()));

        assertSameTree(restored, db.tree());
        assertThat(restored.lastProcessedZxid()).isEqualTo(db.tree().lastProcessedZxid());
        assertThat(restored.node("/secret").hasNullData()).isTrue();
        assertThat(restored.reapCandidates(db.now() + 10_000, 0)).isEqualTo(db.tree().reapCandidates(db.now() + 10_000, 0));
    }

    @Test
    @Tag("01.9")
    void a_restored_tree_keeps_counting_sequential_names() throws IOException {
        buildVariedTree();
        TreeDatabase restored = new TreeDatabase(TreeSnapshot.deserialize(TreeSnapshot.serialize(db.tree())), true);

        assertThat(restored.create("/app/q/item-", "3", CreateMode.PERSISTENT_SEQUENTIAL).path())
                .isEqualTo("/app/q/item-0000000002");
    }

    @Test
    @Tag("01.9")
    void a_fuzzy_snapshot_plus_the_txns_after_its_start_gives_the_live_tree() throws IOException {
        for (long seed = 1; seed <= 40; seed++) {
            TreeDatabase live = new TreeDatabase();
            Random random = new Random(seed);
            for (int i = 0; i < 60; i++) {
                randomWrite(live, random);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TreeSnapshot.Writer writer = new TreeSnapshot.Writer(live.tree(), new DataOutputStream(bytes));
            while (!writer.step(2)) {
                for (int i = random.nextInt(4); i > 0; i--) {
                    randomWrite(live, random); // the tree keeps changing under the walk
                }
            }

            DataTree restored = TreeSnapshot.deserialize(bytes.toByteArray());
            TxnProcessor replay = new TxnProcessor(restored);
            for (LoggedTxn txn : live.log()) {
                if (txn.header().zxid() > writer.startZxid()) {
                    replay.apply(txn);
                }
            }

            try {
                assertSameTree(restored, live.tree());
            } catch (AssertionError e) {
                throw new AssertionError("fuzzy snapshot differs for seed " + seed + " (every run replays the same seeds: "
                        + "mvn -q -pl 01-znode-tree test -Dtest=SnapshotTest#a_fuzzy_snapshot_plus_the_txns_after_its_start_gives_the_live_tree): "
                        + e.getMessage(), e);
            }
        }
    }

    /** Writes that touch few paths, so creates, deletes and sequential nodes collide often. */
    private static void randomWrite(TreeDatabase db, Random random) {
        String[] parents = {"", "/a", "/a/b", "/c"};
        String parent = parents[random.nextInt(parents.length)];
        String path = parent + "/" + "abc".charAt(random.nextInt(3));
        switch (random.nextInt(6)) {
            case 0, 1 -> db.create(path, "v" + random.nextInt(9));
            case 2 -> db.create(parent + "/s-", "", CreateMode.PERSISTENT_SEQUENTIAL);
            case 3 -> db.setData(path, "w" + random.nextInt(9), -1);
            case 4 -> db.delete(path, -1);
            default -> {
                List<String> children = db.tree().exists(parent.isEmpty() ? "/" : parent)
                        ? db.tree().getChildren(parent.isEmpty() ? "/" : parent) : List.of();
                children.stream().filter(name -> name.startsWith("s-")).findFirst()
                        .ifPresent(name -> db.delete(parent + "/" + name, -1));
            }
        }
        db.advanceClock(1);
    }

    @Test
    @Tag("01.9")
    void a_corrupt_snapshot_is_refused_with_an_io_error() {
        buildVariedTree();
        byte[] good = TreeSnapshot.serialize(db.tree());

        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> TreeSnapshot.deserialize(badMagic)).isInstanceOf(IOException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> TreeSnapshot.deserialize(Arrays.copyOf(good, good.length / 2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> TreeSnapshot.deserialize(new byte[0])).isInstanceOf(IOException.class);
    }
}
