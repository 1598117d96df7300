package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.SimConfig;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.History;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DIFF, TRUNC or SNAP, as ZooKeeper's LearnerHandler.syncFollower decides (zk-reference §3.4). */
class SyncModesTest {

    private static DurableEnsemble ensemble(long seed) {
        return new DurableEnsemble(seed, SimConfig.reliable().withTimelineCapacity(1_000_000), QuorumVerifier.majorityOf(3),
                ZabConfig.simulated(), RecoveryConfig.simulated().withSnapCount(1_000));
    }

    /** A leader history with txns 1..5 of epoch 1 delivered and 6..7 logged. */
    private static History leaderHistory() {
        History history = new History(1, new dev.minizk.replica.TreeState(), ZabEvents.NONE);
        for (var txn : Txns.creates(1, 7)) {
            history.log(txn);
        }
        history.commitUpTo(Zxid.of(1, 5));
        return history;
    }

    @Tag("05.5")
    @Test
    void a_follower_whose_last_zxid_the_leader_holds_gets_a_diff() {
        History leader = leaderHistory();
        assertThat(SyncPolicy.plan(Zxid.of(1, 3), leader)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, 3)));
        assertThat(SyncPolicy.plan(Zxid.of(1, 7), leader)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, 7)));
        assertThat(SyncPolicy.plan(Zxid.of(1, 6), leader)).isEqualTo(new SyncPlan.Diff(Zxid.of(1, 6)));
    }

    @Tag("05.5")
    @Test
    void a_follower_with_txns_of_the_same_epoch_the_leader_never_had_is_truncated() {
        assertThat(SyncPolicy.plan(Zxid.of(1, 9), leaderHistory())).isEqualTo(new SyncPlan.Trunc(Zxid.of(1, 7)));
    }

    @Tag("05.5")
    @Test
    void a_follower_from_an_epoch_the_leader_never_saw_or_too_far_behind_gets_a_snap() {
        assertThat(SyncPolicy.plan(Zxid.of(2, 1), leaderHistory())).isEqualTo(new SyncPlan.Snap());
        History empty = new History(1, new dev.minizk.replica.TreeState(), ZabEvents.NONE);
        assertThat(SyncPolicy.plan(0, empty)).isEqualTo(new SyncPlan.Diff(0));
        assertThat(SyncPolicy.plan(Zxid.of(1, 3), empty)).isEqualTo(new SyncPlan.Snap());
    }

    @Tag("05.5")
    @Test
    void a_follower_that_missed_a_few_writes_while_down_catches_up_by_diff_and_keeps_its_state() {
        DurableEnsemble e = ensemble(41);
        e.settle(5_000);
        e.write(5);
        e.settle(5_000);
        int follower = e.verifier.members().stream().filter(id -> id != e.leader().orElseThrow()).findFirst().orElseThrow();
        e.sim.crash(follower);
        e.write(4);
        e.sim.runFor(50);
        long snapsBefore = e.sent(PeerMessage.Snap.class);
        e.sim.restart(follower);
        e.settle(10_000);
        assertThat(e.sent(PeerMessage.Diff.class)).as("a DIFF brought it up to date").isPositive();
        assertThat(e.sent(PeerMessage.Snap.class)).as("no SNAP was needed").isEqualTo(snapsBefore);
        assertThat(e.lostWrites(follower)).isEmpty();
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Tag("05.5")
    @Test
    void an_old_leaders_uncommitted_tail_is_truncated_when_it_comes_back() {
        DurableEnsemble e = ensemble(42);
        e.settle(5_000);
        e.write(3);
        e.settle(5_000);
        int old = e.leader().orElseThrow();
        e.sim.isolate(old);
        e.write(4); // logged by the old leader alone: never committed
        e.sim.runFor(20);
        long orphan = e.replica(old).orElseThrow().history().lastLoggedZxid();
        e.sim.crash(old);
        e.sim.heal();
        e.sim.runFor(3_000); // the other two elect a new leader
        e.write(3);
        e.sim.runFor(200);
        e.sim.restart(old);
        e.settle(10_000);
        assertThat(e.sent(PeerMessage.Trunc.class)).as("the old leader was truncated").isPositive();
        assertThat(e.replica(old).orElseThrow().history().lastCommittedZxid()).isGreaterThan(Zxid.of(1, 0));
        assertThat(e.state(old).tree().exists("/w4")).as("the orphaned write %s is gone", Zxid.format(orphan)).isFalse();
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
        for (String file : e.sim.disk(old).files().stream().filter(LogFormat::isLogFile).toList()) {
            LogFormat.Scan scan = LogFormat.scan(file, e.sim.disk(old).read(file).orElseThrow());
            assertThat(Txns.zxids(scan.txns())).as("log %s", file).doesNotContain(orphan);
        }
    }

}
