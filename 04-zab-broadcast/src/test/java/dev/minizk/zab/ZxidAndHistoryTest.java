package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Task 04.1: zxids and epochs. A zxid's high half is the epoch of the leader that proposed it;
 * a leader numbers its txns 1, 2, 3, … within its epoch; a server's history logs them in that
 * order and commits the oldest first.
 */
class ZxidAndHistoryTest {

    @Test
    @Tag("04.1")
    void a_zxid_follows_the_next_counter_of_its_epoch_or_the_first_txn_of_a_later_epoch() {
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(1, 5))).isTrue();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(2, 1))).isTrue();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(7, 1))).as("epochs nobody established are skipped").isTrue();
        assertThat(Learner.follows(0, Zxid.of(1, 1))).as("the first txn ever").isTrue();
    }

    @Test
    @Tag("04.1")
    void nothing_at_or_below_the_last_zxid_follows_it_and_neither_does_a_gap() {
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(1, 4))).isFalse();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(1, 3))).isFalse();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(1, 6))).as("0x1_5 is missing").isFalse();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(2, 2))).as("0x2_1 is missing").isFalse();
        assertThat(Learner.follows(Zxid.of(1, 4), Zxid.of(2, 0))).as("counter 0 is NEWLEADER, never a txn").isFalse();
        assertThat(Learner.follows(Zxid.of(2, 3), Zxid.of(1, 9))).as("an older epoch, however high its counter").isFalse();
    }

    @Test
    @Tag("04.1")
    void a_leader_numbers_on_within_its_epoch_and_starts_a_new_epoch_at_counter_one() {
        assertThat(Leader.zxidAfter(Zxid.of(3, 7), 3)).isEqualTo(Zxid.of(3, 8));
        assertThat(Leader.zxidAfter(Zxid.of(2, 9), 3)).isEqualTo(Zxid.of(3, 1));
        assertThat(Leader.zxidAfter(Zxid.of(3, 0), 3)).isEqualTo(Zxid.of(3, 1));
        assertThat(Leader.zxidAfter(0, 1)).isEqualTo(Zxid.of(1, 1));
    }

    @Test
    @Tag("04.1")
    void a_history_logs_only_increasing_zxids_and_knows_its_last_logged_and_last_committed() {
        History history = new ScriptedContext(1, THREE).history();
        assertThat(history.lastLoggedZxid()).isZero();
        history.log(txn(Zxid.of(1, 1)));
        history.log(txn(Zxid.of(1, 2)));
        history.log(txn(Zxid.of(2, 1)));
        assertThat(history.lastLoggedZxid()).isEqualTo(Zxid.of(2, 1));
        assertThat(history.lastCommittedZxid()).isZero();
        assertThat(history.uncommitted()).extracting(t -> t.header().zxid())
                .containsExactly(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(2, 1));

        assertThatThrownBy(() -> history.log(txn(Zxid.of(2, 1)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zxids must increase");
        assertThatThrownBy(() -> history.log(txn(Zxid.of(1, 3)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("zxids must increase");
        assertThat(history.uncommitted()).hasSize(3);
    }

    @Test
    @Tag("04.1")
    void commit_delivers_only_the_oldest_logged_txn_and_commit_up_to_delivers_a_prefix_in_order() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        History history = ctx.history();
        for (int c = 1; c <= 4; c++) {
            history.log(txn(Zxid.of(1, c)));
        }
        assertThatThrownBy(() -> history.commit(Zxid.of(1, 2))).isInstanceOf(IllegalStateException.class);
        history.commit(Zxid.of(1, 1));
        assertThat(history.lastCommittedZxid()).isEqualTo(Zxid.of(1, 1));

        history.commitUpTo(Zxid.of(1, 3));
        history.commitUpTo(Zxid.of(1, 2)); // delivered already: nothing to do
        assertThat(ctx.delivered).extracting(t -> t.header().zxid()).containsExactly(Zxid.of(1, 1), Zxid.of(1, 2), Zxid.of(1, 3));
        assertThat(history.lastCommittedZxid()).isEqualTo(Zxid.of(1, 3));
        assertThat(history.lastLoggedZxid()).isEqualTo(Zxid.of(1, 4));

        assertThatThrownBy(() -> history.commitUpTo(Zxid.of(1, 5))).as("never logged").isInstanceOf(IllegalStateException.class);
        assertThat(ctx.delivered).hasSize(3);
    }

    @Test
    @Tag("04.1")
    void after_a_snapshot_the_history_ends_where_the_snapshot_ends_and_logs_on_from_there() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        History history = ctx.history();
        history.log(txn(Zxid.of(1, 1)));
        history.restore(new byte[0], Zxid.of(2, 5));
        assertThat(history.lastLoggedZxid()).isEqualTo(Zxid.of(2, 5));
        assertThat(history.uncommitted()).isEmpty();
        assertThatThrownBy(() -> history.log(txn(Zxid.of(2, 5)))).isInstanceOf(IllegalStateException.class);
        LoggedTxn next = txn(Zxid.of(2, 6));
        history.log(next);
        history.commit(Zxid.of(2, 6));
        assertThat(ctx.delivered).containsExactly(next);
    }
}
