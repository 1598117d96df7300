package dev.minizk.tree;

import dev.minizk.txn.TreeDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.minizk.tree.TreeAssertions.assertSameTree;

/** Instructor-only check for task 01.9: a wide and deep tree round-trips. */
class HiddenSnapshotTest {

    @Test
    @Tag("01.9")
    void ten_thousand_nodes_round_trip() throws IOException {
        TreeDatabase db = new TreeDatabase();
        for (int i = 0; i < 100; i++) {
            db.create("/p" + i, "parent " + i);
            for (int j = 0; j < 99; j++) {
                db.create("/p" + i + "/c" + j, j % 3 == 0 ? null : "child " + j);
            }
        }

        assertSameTree(TreeSnapshot.deserialize(TreeSnapshot.serialize(db.tree())), db.tree());
    }
}
