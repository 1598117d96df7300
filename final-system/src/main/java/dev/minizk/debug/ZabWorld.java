package dev.minizk.debug;

import dev.minizk.replica.ReplicaSnapshot;
import dev.minizk.replica.ScriptedEnsemble;
import dev.minizk.replica.TreeState;
import dev.minizk.sim.Simulator;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.LeaderSnapshot;
import dev.minizk.zab.LearnerSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Zab broadcast on an ensemble that elected a leader, whose client writes and syncs
 * ({@link ScriptedEnsemble}): the state of each replica and of its role.
 */
record ZabWorld(String scenario, ScriptedEnsemble ensemble) implements DebugWorld {

    @Override
    public Simulator<?> sim() {
        return ensemble.sim();
    }

    @Override
    public NodeState state(int id, boolean isolated) {
        ReplicaSnapshot r = (ReplicaSnapshot) ensemble.sim().snapshotOf(id);
        List<String> details = new ArrayList<>();
        String role;
        if (r.role() instanceof LeaderSnapshot l) {
            role = leader(l, details);
        } else if (r.role() instanceof LearnerSnapshot l) {
            role = learner(l, details);
        } else {
            role = String.valueOf(r.role()); // LOOKING, or not started
        }
        long lastLogged = r.uncommitted().isEmpty() ? r.committedZxid() : r.uncommitted().get(r.uncommitted().size() - 1);
        List<String> log = new ArrayList<>();
        r.committedLog().forEach(z -> log.add(Zxid.format(z) + " committed"));
        r.uncommitted().forEach(z -> log.add(Zxid.format(z) + " logged, not committed"));
        TreeState state = ensemble.state(id);
        List<String> sessions = new ArrayList<>();
        state.sessions().asMap().forEach((session, timeout) -> sessions.add("0x" + Long.toHexString(session) + " (timeout " + timeout + " ms)"));
        details.add("tree: " + state.tree().paths());
        details.add("delivered up to " + Zxid.format(state.lastDeliveredZxid()));
        String round = r.election() == null ? "" : String.valueOf(r.election().round());
        String vote = r.election() == null ? "" : ElectionWorld.vote(r.election().proposal());
        return new NodeState(id, true, ensemble.sim().incarnation(id), isolated, role,
                "accepted " + r.acceptedEpoch() + ", current " + r.currentEpoch(),
                "logged " + Zxid.format(lastLogged) + ", committed " + Zxid.format(r.committedZxid()), round, vote, log, sessions, details);
    }

    private static String leader(LeaderSnapshot l, List<String> details) {
        details.add("epoch " + l.epoch() + (l.established() ? ", established" : l.synchronizing() ? ", synchronizing" : ", discovery"));
        new TreeMap<>(l.learners()).forEach((id, h) -> details.add("learner n" + id + ": " + h.phase()
                + (h.expectedAcks().isEmpty() ? "" : ", owes ACKs for " + zxids(h.expectedAcks()))
                + ", heard " + h.ticksSinceHeard() + " ticks ago"));
        new TreeMap<>(l.outstanding()).forEach((zxid, ackers) -> details.add("outstanding " + Zxid.format(zxid) + " acked by " + servers(ackers)));
        if (!l.pendingSyncs().isEmpty()) {
            details.add("syncs waiting for " + zxids(l.pendingSyncs()));
        }
        return "LEADING";
    }

    private static String learner(LearnerSnapshot l, List<String> details) {
        details.add("leader n" + l.leader() + ", " + l.phase() + (l.epoch() < 0 ? "" : ", epoch " + l.epoch()));
        if (!l.held().isEmpty()) {
            details.add("proposals held until NEWLEADER: " + zxids(l.held()));
        }
        details.add("heard the leader " + l.ticksSinceHeard() + " ticks ago");
        return l.role();
    }

    private static String zxids(List<Long> zxids) {
        return zxids.stream().map(Zxid::format).toList().toString();
    }

    private static String servers(Set<Integer> ids) {
        return new TreeSet<>(ids).toString();
    }
}
