package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.ZabChecker;
import dev.minizk.zabcheck.ZabReport;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A replicated ensemble in the simulator, with the questions scenario tests and the fuzzer ask
 * (who leads, is everyone serving, did everyone deliver the same) and a synthetic write load:
 * prepared txns handed to the leader, as the request pipeline's sequencer will hand them.
 */
final class Ensemble {
    /** The synthetic writes' session: one client that creates {@code /w1}, {@code /w2}, … */
    static final long SESSION = 0x4d5a_0000_0000_0001L;

    final Simulator<PeerMessage> sim;
    final QuorumVerifier verifier;
    final ZabConfig config;
    final RecordingEvents recorder = new RecordingEvents();
    private final Map<Integer, TreeState> states = new TreeMap<>();
    private int writesProposed;

    Ensemble(long seed, SimConfig simConfig, QuorumVerifier verifier, ZabConfig config) {
        this.sim = new Simulator<>(seed, simConfig.withNetwork(simConfig.network().withConnections())); // peer links are TCP connections
        this.verifier = verifier;
        this.config = config;
        for (int id : verifier.members()) {
            sim.addNode(id, n -> {
                TreeState state = new TreeState();
                states.put(n, state);
                return new Replica(verifier, config, state, recorder);
            });
        }
    }

    /** {@code voters} voters (ids 1..n), a reliable network, the simulator's Zab timings. */
    Ensemble(long seed, int voters) {
        this(seed, SimConfig.reliable(), QuorumVerifier.majorityOf(voters), ZabConfig.simulated());
    }

    Optional<Replica> replica(int id) {
        return sim.node(id).map(node -> (Replica) node);
    }

    /** The established leader with the highest epoch among live servers, if any. */
    Optional<Integer> leader() {
        int best = -1;
        long bestEpoch = -1;
        for (int id : verifier.members()) {
            Optional<Leader> leader = replica(id).flatMap(Replica::leader);
            if (leader.isPresent() && leader.get().isEstablished() && leader.get().epoch() > bestEpoch) {
                best = id;
                bestEpoch = leader.get().epoch();
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(best);
    }

    Leader leaderRole() {
        return replica(leader().orElseThrow(() -> new AssertionError("no established leader\n" + this)))
                .flatMap(Replica::leader).orElseThrow();
    }

    /** Every live server serves under one established leader, and all delivered the same prefix. */
    boolean settled() {
        Optional<Integer> leader = leader();
        if (leader.isEmpty()) {
            return false;
        }
        long committed = replica(leader.get()).orElseThrow().history().lastCommittedZxid();
        if (leader.flatMap(this::replica).flatMap(Replica::leader).orElseThrow().outstandingProposals() > 0) {
            return false;
        }
        for (int id : verifier.members()) {
            Optional<Replica> replica = replica(id);
            if (replica.isEmpty() || id == leader.get()) {
                continue;
            }
            if (!(replica.get().role() instanceof Learner learner) || learner.leader() != leader.get() || !learner.isServing()
                    || replica.get().history().lastCommittedZxid() != committed) {
                return false;
            }
        }
        return true;
    }

    /** Runs until {@link #settled}, failing with the ensemble's state after {@code maxMillis}. */
    void settle(long maxMillis) {
        if (!sim.runUntil(this::settled, maxMillis)) {
            throw new AssertionError("not settled after " + maxMillis + " ms\n" + this);
        }
    }

    /**
     * Hands the leader {@code count} writes as the next event (all at once: they are in flight
     * together). Returns nothing: the leader may refuse some (flow control); see {@link #writesProposed}.
     */
    void write(int count) {
        leader().ifPresent(id -> sim.act(id, "write x" + count, node -> {
            Leader leader = ((Replica) node).leader().orElse(null);
            for (int i = 0; i < count && leader != null && leader.canPropose(); i++) {
                leader.propose(nextWrite(leader.nextZxid()));
            }
        }));
        sim.runFor(0); // the writes happen now, before anyone asks whether the ensemble settled
    }

    /**
     * The next synthetic write, prepared with its zxid: a create of {@code /w<n>}, and every
     * fourth time a createSession (so that SNAP must carry the session table too).
     */
    LoggedTxn nextWrite(long zxid) {
        writesProposed++;
        if (writesProposed % 4 == 0) {
            return new LoggedTxn(new TxnHeader(SESSION + writesProposed, 0, zxid, sim.now()), new Txn.CreateSession(10_000 + writesProposed));
        }
        TxnHeader header = new TxnHeader(SESSION, writesProposed, zxid, sim.now());
        byte[] data = ("v" + writesProposed).getBytes(StandardCharsets.UTF_8);
        return new LoggedTxn(header, new Txn.Create("/w" + writesProposed, data, Acl.OPEN_ACL_UNSAFE, false, writesProposed));
    }

    int writesProposed() {
        return writesProposed;
    }

    /** A live server's tree and sessions as text ({@link TreeText}): equal text, equal trees. */
    String tree(int id) {
        replica(id).orElseThrow();
        return TreeText.of(states.get(id).tree(), new TreeMap<>(states.get(id).sessions().asMap()).toString());
    }

    /** The session ids a live server knows, with their timeouts. */
    Map<Long, Integer> sessions(int id) {
        replica(id).orElseThrow();
        return states.get(id).sessions().asMap();
    }

    /** Every live server holds the same tree and the same sessions. */
    boolean sameTrees() {
        String first = null;
        for (int id : verifier.members()) {
            if (replica(id).isPresent()) {
                String tree = tree(id);
                if (first != null && !first.equals(tree)) {
                    return false;
                }
                first = tree;
            }
        }
        return true;
    }

    ZabReport check() {
        return ZabChecker.check(recorder.run(verifier));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(sim.toString()).append('\n');
        for (int id : verifier.members()) {
            text.append("  ").append(replica(id).map(Object::toString).orElse(id + " down")).append('\n');
        }
        return text.toString();
    }
}
