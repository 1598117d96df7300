package dev.minizk.election;

import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.txn.Zxid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An ensemble of {@link FastLeaderElection} servers in a {@link Simulator}, with the history
 * of every decision (surviving crashes) and the questions tests ask: who leads, is the
 * election over, did anything unsafe happen.
 */
final class Ensemble {

    /** A decision, when it was made (global virtual time) and by which incarnation. */
    record Decided(long time, int incarnation, Decision decision) {
    }

    final Simulator<Notification> sim;
    final QuorumVerifier verifier;
    private final Map<Integer, ElectionConfig> configs = new TreeMap<>();
    private final Map<Integer, RecordingNode<Notification>> recorders = new TreeMap<>();
    final List<Decided> history = new ArrayList<>();

    Ensemble(long seed, SimConfig config, QuorumVerifier verifier) {
        this.sim = new Simulator<>(seed, config);
        this.verifier = verifier;
    }

    Ensemble(QuorumVerifier verifier) {
        this(1, SimConfig.reliable(), verifier);
    }

    /** Starts server {@code id} (now) with a log ending at {@code lastZxid} in {@code epoch}. */
    Ensemble server(int id, long lastZxid, long epoch) {
        ElectionConfig config = ElectionConfig.of(verifier, lastZxid, epoch);
        configs.put(id, config);
        sim.addNode(id, n -> new FastLeaderElection(config,
                d -> history.add(new Decided(sim.now(), sim.incarnation(n), d))));
        return this;
    }

    /** Starts server {@code id} with a log ending at {@code zxid}, epoch taken from the zxid. */
    Ensemble server(int id, long zxid) {
        return server(id, zxid, Zxid.epochOf(zxid));
    }

    /** Puts a listener where server {@code id} would be: tests play it by hand with {@link #inject}. */
    RecordingNode<Notification> scriptedPeer(int id) {
        RecordingNode<Notification> recorder = new RecordingNode<>();
        recorders.put(id, recorder);
        sim.addNode(id, n -> recorder);
        return recorder;
    }

    /** Delivers a notification from {@code from} to {@code to} now, and runs it. */
    void inject(int from, int to, Notification n) {
        sim.inject(from, to, n);
        sim.runFor(0);
    }

    FastLeaderElection fle(int id) {
        return (FastLeaderElection) sim.node(id).orElseThrow(() -> new AssertionError("server " + id + " is down"));
    }

    Optional<FastLeaderElection> liveFle(int id) {
        return sim.node(id).filter(FastLeaderElection.class::isInstance).map(FastLeaderElection.class::cast);
    }

    ElectionConfig config(int id) {
        return configs.get(id);
    }

    Set<Integer> servers() {
        return new TreeSet<>(configs.keySet());
    }

    /**
     * The leader an established ensemble has now: a live server LEADING in its round, with a
     * quorum of voters (itself included) now FOLLOWING it in that same round and connected to
     * it both ways (what Zab would need to keep leading).
     */
    Optional<Integer> establishedLeader() {
        for (int id : configs.keySet()) {
            Optional<FastLeaderElection> node = liveFle(id);
            if (node.isEmpty() || node.get().state() != PeerState.LEADING) {
                continue;
            }
            Decision leading = node.get().decision();
            Set<Integer> following = new TreeSet<>();
            for (int other : configs.keySet()) {
                boolean connected = other == id || (sim.canReach(id, other) && sim.canReach(other, id));
                liveFle(other).map(FastLeaderElection::decision)
                        .filter(d -> connected && d.vote().leader() == id && d.round() == leading.round())
                        .ifPresent(d -> following.add(other));
            }
            if (verifier.containsQuorum(following)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Is every live member decided, with an established leader that they all name, in its round? */
    boolean everyoneSettled() {
        Optional<Integer> leader = establishedLeader();
        if (leader.isEmpty()) {
            return false;
        }
        for (int id : configs.keySet()) {
            Optional<FastLeaderElection> node = liveFle(id);
            if (node.isPresent() && !inEstablishedEnsemble(node.get().decision(), leader.get())) {
                return false;
            }
        }
        return true;
    }

    /** Does this decision name the established leader, in the leader's round? */
    boolean inEstablishedEnsemble(Decision decision, int leader) {
        return decision != null && decision.vote().leader() == leader
                && decision.round() == fle(leader).decision().round();
    }

    /** Runs until every live server agrees on an established leader, then returns it; fails with the timeline if not. */
    int awaitSettled(long withinMillis) {
        if (!sim.runUntil(this::everyoneSettled, withinMillis)) {
            throw new AssertionError("no settled leader within " + withinMillis + " ms: " + states() + "\n" + sim.report(80));
        }
        return establishedLeader().orElseThrow();
    }

    /** Each live server's state, for failure messages. */
    String states() {
        StringBuilder out = new StringBuilder();
        for (int id : configs.keySet()) {
            out.append(liveFle(id).map(Object::toString).orElse("[" + id + " down]")).append(' ');
        }
        return out.toString().trim();
    }

    /** The decisions made so far (all incarnations). */
    List<Decision> decisions() {
        return history.stream().map(Decided::decision).toList();
    }
}
