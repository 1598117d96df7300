package dev.minizk.debug;

import dev.minizk.election.ElectionSnapshot;
import dev.minizk.election.Notification;
import dev.minizk.election.Vote;
import dev.minizk.sim.Simulator;
import dev.minizk.txn.Zxid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An election of voters that have not started yet ({@link dev.minizk.election.ThreeVoters}). */
record ElectionWorld(String scenario, Simulator<Notification> sim) implements DebugWorld {

    @Override
    public NodeState state(int id, boolean isolated) {
        ElectionSnapshot e = (ElectionSnapshot) sim.snapshotOf(id);
        List<String> details = new ArrayList<>();
        details.add("votes this round: " + notifications(e.received()));
        if (!e.outOfElection().isEmpty()) {
            details.add("decided servers heard: " + notifications(e.outOfElection()));
        }
        if (e.decision() != null) {
            details.add("decided: " + e.decision().state() + " for n" + e.decision().vote().leader() + " in round "
                    + e.decision().round() + ", backed by " + e.decision().supporters());
        }
        if (e.finalizing() != null) {
            details.add("finalize timer pending for " + vote(e.finalizing()) + " (round " + e.finalizingRound() + ")");
        }
        details.add("re-send interval: " + e.resendInterval() + " ms");
        return new NodeState(id, true, sim.incarnation(id), isolated, e.state().name(), String.valueOf(e.currentEpoch()),
                Zxid.format(e.lastZxid()), String.valueOf(e.round()), vote(e.proposal()), List.of(), List.of(), details);
    }

    /** A vote as the lessons write it: for whom, with which log. */
    static String vote(Vote vote) {
        return vote == null ? "" : "n" + vote.leader() + " (zxid " + Zxid.format(vote.zxid()) + ", epoch " + vote.peerEpoch() + ")";
    }

    private static String notifications(Map<Integer, Notification> bySender) {
        if (bySender.isEmpty()) {
            return "none";
        }
        List<String> votes = new ArrayList<>();
        new TreeMap<>(bySender).forEach((from, n) -> votes.add("n" + from + "→n" + n.leader() + " r" + n.electionEpoch()));
        return String.join(", ", votes);
    }
}
