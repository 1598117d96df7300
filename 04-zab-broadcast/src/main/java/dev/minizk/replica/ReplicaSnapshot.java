package dev.minizk.replica;

import dev.minizk.election.ElectionSnapshot;
import dev.minizk.election.PeerState;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.History;

import java.util.List;
import java.util.Map;

/**
 * A {@link Replica}'s state as a value ({@link dev.minizk.sim.Snapshottable}), for the search
 * tests: its role's snapshot, its epochs, its history and its election.
 *
 * <p>The history is kept as zxids: the committed prefix's last zxid and the logged, uncommitted
 * zxids above it. That is enough only where a zxid names one txn, which Zab guarantees (a
 * leader proposes each zxid once) and the search tests' writes make sure of (a write's content
 * is a function of its zxid). The tree itself is the committed txns applied, so it is not kept.
 *
 * @param role               the role's snapshot ("LOOKING", a leader's, a learner's)
 * @param acceptedEpoch      the last epoch it accepted
 * @param currentEpoch       the last epoch it acked NEWLEADER of
 * @param establishedLeaders per epoch, the leader it saw established
 * @param committedZxid      the last txn delivered
 * @param uncommitted        the txns logged above it, oldest first
 * @param committedLog       the zxids of the recent committed txns a leader can send as a DIFF
 * @param election           the election's snapshot; while a role runs, without the idle clock,
 *                           which decides nothing until the server looks again (and then restarts)
 */
public record ReplicaSnapshot(Object role, long acceptedEpoch, long currentEpoch, Map<Long, Integer> establishedLeaders,
                              long committedZxid, List<Long> uncommitted, List<Long> committedLog, ElectionSnapshot election) {

    /** A replica before its start (a search may order the starts too). */
    static final ReplicaSnapshot NOT_STARTED = new ReplicaSnapshot("not started", 0, 0, Map.of(), 0, List.of(), List.of(), null);

    public ReplicaSnapshot {
        establishedLeaders = Map.copyOf(establishedLeaders);
        uncommitted = List.copyOf(uncommitted);
        committedLog = List.copyOf(committedLog);
    }

    static ReplicaSnapshot of(Object role, long acceptedEpoch, long currentEpoch, Map<Long, Integer> establishedLeaders,
                              History history, ElectionSnapshot election) {
        return new ReplicaSnapshot(role, acceptedEpoch, currentEpoch, establishedLeaders, history.lastCommittedZxid(),
                zxids(history.uncommitted()), zxids(history.committedLog()), withoutIdleClock(election));
    }

    private static List<Long> zxids(List<LoggedTxn> txns) {
        return txns.stream().map(txn -> txn.header().zxid()).toList();
    }

    private static ElectionSnapshot withoutIdleClock(ElectionSnapshot e) {
        if (e.state() == PeerState.LOOKING) {
            return e;
        }
        return new ElectionSnapshot(e.state(), e.round(), e.proposal(), e.received(), e.outOfElection(), e.decision(),
                e.finalizing(), e.finalizingRound(), e.resendInterval(), 0, e.lastZxid(), e.currentEpoch());
    }
}
