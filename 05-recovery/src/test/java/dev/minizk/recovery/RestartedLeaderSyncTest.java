package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.TreeState;
import dev.minizk.sim.SimConfig;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.History;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.TxnLog;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A leader that restarted knows the committed txns its disk log still holds (ZooKeeper's {@code
 * loadDataBase} puts the txns it replays into {@code committedLog}), so it DIFFs a follower that
 * is only a little behind instead of sending it the whole state.
 */
class RestartedLeaderSyncTest {

    private static TreeState deliveredUpTo(List<LoggedTxn> txns) {
        TreeState state = new TreeState();
        txns.forEach(state::deliver);
        return state;
    }

    @Test
    void a_history_recovered_with_its_committed_txns_diffs_from_any_of_them() {
        List<LoggedTxn> committed = Txns.creates(1, 8);
        History restarted = new History(1, deliveredUpTo(committed), ZabEvents.NONE, TxnLog.inMemory(),
                committed.subList(3, 8), List.of(Txns.create(1, 9)));
        assertThat(restarted.committedLog()).isEqualTo(committed.subList(3, 8));
        assertThat(SyncPolicy.plan(Zxid.of(1, 5), restarted)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, 5)));
        assertThat(SyncPolicy.plan(Zxid.of(1, 3), restarted)).as("older than the log holds").isEqualTo(new SyncPlan.Snap());
        assertThat(SyncPolicy.plan(Zxid.of(1, 11), restarted)).isEqualTo(new SyncPlan.Trunc(Zxid.of(1, 9)));
    }

    @Test
    void a_recovered_committed_log_that_does_not_end_at_the_state_or_has_a_gap_refuses_to_start() {
        List<LoggedTxn> committed = Txns.creates(1, 8);
        assertThatThrownBy(() -> new History(1, deliveredUpTo(committed), ZabEvents.NONE, TxnLog.inMemory(),
                committed.subList(0, 6), List.of())).isInstanceOf(IllegalStateException.class).hasMessageContaining("ending at");
        assertThatThrownBy(() -> new History(1, deliveredUpTo(committed), ZabEvents.NONE, TxnLog.inMemory(),
                List.of(committed.get(2), committed.get(7)), List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("skip txns");
    }

    @Test
    void after_every_server_crashed_the_restarted_leader_diffs_a_follower_from_its_disk_log_instead_of_a_snap() {
        DurableEnsemble e = new DurableEnsemble(7, SimConfig.reliable().withTimelineCapacity(1_000_000), QuorumVerifier.majorityOf(3),
                ZabConfig.simulated(), RecoveryConfig.simulated().withSnapCount(12).withSnapRetainCount(3));
        e.settle(5_000);
        e.write(4);
        e.settle(5_000);
        int behind = e.verifier.members().stream().filter(id -> id != e.leader().orElseThrow()).findFirst().orElseThrow();
        e.sim.crash(behind);
        long behindAt = e.events.committed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (int i = 0; i < 4; i++) {
            e.write(4);
            e.sim.runFor(100);
        }
        e.crashAll();
        for (int id : e.verifier.members()) {
            if (id != behind) {
                e.sim.restart(id);
            }
        }
        e.settle(10_000);
        int leader = e.leader().orElseThrow();
        DiskPersistence leaderDisk = e.disk(leader);
        assertThat(leaderDisk.restored().deliveredZxid()).as("the leader recovered a state past the follower's last txn "
                + "(before, it would have had to SNAP it)").isGreaterThan(behindAt);
        assertThat(e.replica(leader).orElseThrow().history().committedLog()).extracting(t -> t.header().zxid()).contains(behindAt);
        long snapsBefore = e.sent(PeerMessage.Snap.class);
        long diffsBefore = e.sent(PeerMessage.Diff.class);
        e.sim.restart(behind);
        e.settle(10_000);
        assertThat(e.sent(PeerMessage.Diff.class)).as("a DIFF brought it up to date").isGreaterThan(diffsBefore);
        assertThat(e.sent(PeerMessage.Snap.class)).as("no SNAP was needed").isEqualTo(snapsBefore);
        assertThat(e.lostWrites(behind)).isEmpty();
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }
}
