package dev.minizk.recovery;

import dev.minizk.replica.TreeState;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.History;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.ZabEvents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Instructor-only checks for task 05.5: the edges of the leader's committed log, and a history of several epochs. */
class HiddenSyncPolicyTest {

    private static LoggedTxn create(long epoch, long counter) {
        String path = "/e" + epoch + "n" + counter;
        return new LoggedTxn(new TxnHeader(Txns.SESSION, (int) counter, Zxid.of(epoch, counter), counter),
                new Txn.Create(path, path.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, 0));
    }

    @Tag("05.5")
    @Test
    void a_follower_exactly_at_the_oldest_txn_of_the_committed_log_gets_a_diff_and_one_below_it_a_snap() {
        History leader = new History(1, new TreeState(), ZabEvents.NONE);
        int delivered = History.COMMIT_LOG_COUNT + 100;
        for (int i = 1; i <= delivered + 3; i++) {
            leader.log(create(1, i));
        }
        leader.commitUpTo(Zxid.of(1, delivered));
        long oldest = leader.committedLog().get(0).header().zxid();
        assertThat(oldest).isEqualTo(Zxid.of(1, 101));

        assertThat(SyncPolicy.plan(oldest, leader)).isEqualTo(new SyncPlan.Diff(oldest));
        assertThat(SyncPolicy.plan(oldest - 1, leader)).as("one txn older than the committed log").isEqualTo(new SyncPlan.Snap());
        assertThat(SyncPolicy.plan(0, leader)).as("an empty follower").isEqualTo(new SyncPlan.Snap());
        assertThat(SyncPolicy.plan(Zxid.of(1, delivered), leader)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, delivered)));
        assertThat(SyncPolicy.plan(Zxid.of(1, delivered + 3), leader)).as("the leader's last logged txn")
                .isEqualTo(new SyncPlan.Diff(Zxid.of(1, delivered + 3)));
        assertThat(SyncPolicy.plan(Zxid.of(1, delivered + 4), leader)).as("one txn past the leader's log")
                .isEqualTo(new SyncPlan.Trunc(Zxid.of(1, delivered + 3)));
    }

    @Tag("05.5")
    @Test
    void a_follower_of_an_older_or_the_same_epoch_is_truncated_to_the_leaders_last_txn_of_its_own_epoch() {
        History leader = new History(1, new TreeState(), ZabEvents.NONE);
        for (int i = 1; i <= 5; i++) {
            leader.log(create(1, i));
        }
        for (int i = 1; i <= 4; i++) {
            leader.log(create(3, i));
        }
        leader.commitUpTo(Zxid.of(3, 2)); // (3,3) and (3,4) logged, not committed

        assertThat(SyncPolicy.plan(Zxid.of(1, 8), leader)).as("an old leader's orphans of epoch 1")
                .isEqualTo(new SyncPlan.Trunc(Zxid.of(1, 5)));
        assertThat(SyncPolicy.plan(Zxid.of(3, 7), leader)).as("orphans of the leader's own epoch")
                .isEqualTo(new SyncPlan.Trunc(Zxid.of(3, 4)));
        assertThat(SyncPolicy.plan(Zxid.of(1, 5), leader)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, 5)));
        assertThat(SyncPolicy.plan(Zxid.of(2, 3), leader)).as("an epoch the leader never saw: no TRUNC across epochs")
                .isEqualTo(new SyncPlan.Snap());
        assertThat(SyncPolicy.plan(Zxid.of(4, 1), leader)).isEqualTo(new SyncPlan.Snap());
    }
}
