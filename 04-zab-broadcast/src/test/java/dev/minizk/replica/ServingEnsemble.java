package dev.minizk.replica;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.session.Session;
import dev.minizk.server.ServerConfig;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.txn.Zxid;
import dev.minizk.simclient.Describe;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.ZabChecker;
import dev.minizk.zabcheck.ZabReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * An ensemble of {@link ReplicaNode}s in the simulator with the course's clients on it: the
 * servers answer {@link ZkClient}s through simulated client links, and Zab's events are recorded
 * for the checker.
 */
public final class ServingEnsemble {
    /** Session expiry counted in 100 ms ticks: timeouts from 200 ms to 2 s. */
    static final ServerConfig SERVER = ServerConfig.withTick(100);

    public final Simulator<PeerMessage> sim;
    public final QuorumVerifier verifier;
    public final RecordingEvents recorder = new RecordingEvents();

    public ServingEnsemble(long seed, SimConfig simConfig, QuorumVerifier verifier, ZabConfig zab, int maxOutstandingRequests) {
        this(seed, simConfig, verifier, zab, maxOutstandingRequests, id -> Persistence.inMemory());
    }

    /** @param persistence each incarnation's {@link Persistence}, by server id (stage 05: a disk that survives crashes) */
    public ServingEnsemble(long seed, SimConfig simConfig, QuorumVerifier verifier, ZabConfig zab, int maxOutstandingRequests,
                           IntFunction<Persistence> persistence) {
        this.sim = new Simulator<>(seed, simConfig.withNetwork(simConfig.network().withConnections())); // peer links are TCP connections
        this.verifier = verifier;
        sim.describeLinkMessagesWith(Describe::linkMessage);
        for (int id : verifier.members()) {
            sim.addNode(id, n -> new ReplicaNode(verifier, zab, SERVER.withServerId(n), recorder, maxOutstandingRequests,
                    persistence.apply(n)));
        }
    }

    ServingEnsemble(long seed, int voters) {
        this(seed, SimConfig.reliable(), QuorumVerifier.majorityOf(voters), ZabConfig.simulated(), 1_000);
    }

    public Optional<ReplicaNode> node(int id) {
        return sim.node(id).map(node -> (ReplicaNode) node);
    }

    public ReplicaServer server(int id) {
        return node(id).orElseThrow().server();
    }

    /** The established leader with the highest epoch among live servers. */
    public Optional<Integer> leader() {
        int best = -1;
        long bestEpoch = -1;
        for (int id : verifier.members()) {
            Optional<Leader> leader = node(id).flatMap(n -> n.replica().leader());
            if (leader.isPresent() && leader.get().isEstablished() && leader.get().epoch() > bestEpoch) {
                best = id;
                bestEpoch = leader.get().epoch();
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(best);
    }

    /** A server other than the leader. */
    int follower() {
        int leader = leader().orElseThrow(() -> new AssertionError("no leader\n" + this));
        return verifier.members().stream().filter(id -> id != leader && !verifier.isObserver(id)).findFirst().orElseThrow();
    }

    /** Every live server serves clients. */
    public boolean serving() {
        return leader().isPresent() && verifier.members().stream()
                .allMatch(id -> node(id).map(n -> n.server().serving()).orElse(true));
    }

    void settle(long maxMillis) {
        if (!sim.runUntil(this::serving, maxMillis)) {
            throw new AssertionError("not serving after " + maxMillis + " ms\n" + this);
        }
    }

    /** A client whose connect string starts at {@code first}, then the other servers in id order. */
    ZkClient client(String name, int first) {
        return ZkClient.connect(clientMachine(name, first), 2_000, null);
    }

    /** A new client machine {@code name} whose connect string starts at {@code first}, then the other servers in id order. */
    public SimulatedClient clientMachine(String name, int first) {
        List<Integer> connectString = new ArrayList<>(List.of(first));
        verifier.members().stream().filter(id -> id != first).forEach(connectString::add);
        return new SimulatedClient(sim, sim.addClient(name), connectString);
    }

    /**
     * Every live server serves under one established leader that has nothing outstanding, and
     * all of them applied the same prefix: what the trees are compared after.
     */
    public boolean caughtUp() {
        Optional<Integer> leader = leader();
        if (leader.isEmpty() || !serving()) {
            return false;
        }
        Replica leading = node(leader.get()).orElseThrow().replica();
        long committed = leading.history().lastCommittedZxid();
        if (leading.leader().orElseThrow().outstandingProposals() > 0) {
            return false;
        }
        for (int id : verifier.members()) {
            Optional<ReplicaNode> node = node(id);
            if (node.isPresent() && id != leader.get() && (!(node.get().replica().role() instanceof Learner learner)
                    || learner.leader() != leader.get() || node.get().replica().history().lastCommittedZxid() != committed)) {
                return false;
            }
        }
        return true;
    }

    /** A live server's tree and sessions as text ({@link TreeText}). */
    public String tree(int id) {
        ReplicaServer server = server(id);
        List<String> sessions = server.sessions().stream()
                .sorted(Comparator.comparingLong(Session::id)).map(s -> Long.toHexString(s.id()) + "/" + s.timeout()).toList();
        return TreeText.of(server.tree(), sessions.toString());
    }

    /**
     * Does live server {@code id}'s tree and session table equal the committed prefix up to the
     * zxid it claims (every txn delivered anywhere up to it, applied in order to an empty state)?
     * Null if so, else why not. What a restarted server must satisfy the moment it has recovered.
     */
    public String stateMismatch(int id) {
        DataTreeState state = (DataTreeState) server(id).state();
        long claimed = state.lastDeliveredZxid();
        TreeState reference = new TreeState();
        recorder.committedPrefix(claimed).forEach(reference::deliver);
        String mine = TreeText.of(state.tree(), new TreeMap<>(state.sessions().asMap()).toString());
        String expected = TreeText.of(reference.tree(), new TreeMap<>(reference.sessions().asMap()).toString());
        return mine.equals(expected) ? null : "server " + id + " claims the committed prefix up to " + Zxid.format(claimed)
                + " but its state differs:\n" + mine + "expected:\n" + expected;
    }

    /** Every live server holds the same tree and the same sessions. */
    public boolean sameTrees() {
        return verifier.members().stream().filter(id -> node(id).isPresent()).map(this::tree).distinct().count() <= 1;
    }

    public ZabReport check() {
        return ZabChecker.check(recorder.run(verifier));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(sim.toString()).append('\n');
        for (int id : verifier.members()) {
            text.append("  ").append(node(id).map(Object::toString).orElse(id + " down")).append('\n');
        }
        return text.toString();
    }
}
