package dev.minizk.recovery;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.replica.Persistence;
import dev.minizk.replica.Replica;
import dev.minizk.replica.TreeState;
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
import dev.minizk.zab.ZabEvents;
import dev.minizk.zabcheck.ZabChecker;
import dev.minizk.zabcheck.ZabRecorder;
import dev.minizk.zabcheck.ZabReport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A replicated ensemble in the simulator whose servers keep their log, snapshots and epochs on
 * their simulated disks ({@link DiskPersistence}), with the questions the tests ask (who leads,
 * did it settle, are the trees equal, was a committed write lost) and a synthetic write load:
 * creates of {@code /w1}, {@code /w2}, … and now and then a createSession.
 */
final class DurableEnsemble {
    static final long SESSION = 0x4d5a_0000_0000_0001L;

    final Simulator<PeerMessage> sim;
    final QuorumVerifier verifier;
    final Events events = new Events();
    private final Map<Integer, TreeState> states = new TreeMap<>();
    private final Map<Integer, DiskPersistence> disks = new TreeMap<>();
    private int writesProposed;

    DurableEnsemble(long seed, SimConfig simConfig, QuorumVerifier verifier, ZabConfig zabConfig, RecoveryConfig recoveryConfig) {
        this(seed, simConfig, verifier, zabConfig, recoveryConfig, (id, disk) -> disk);
    }

    /** With {@code persistence} wrapping each incarnation's disk (a test watching what the replica asks of it). */
    DurableEnsemble(long seed, SimConfig simConfig, QuorumVerifier verifier, ZabConfig zabConfig, RecoveryConfig recoveryConfig,
                    BiFunction<Integer, DiskPersistence, Persistence> persistence) {
        this.sim = new Simulator<>(seed, simConfig);
        this.verifier = verifier;
        for (int id : verifier.members()) {
            sim.addNode(id, n -> {
                TreeState state = new TreeState();
                DiskPersistence disk = new DiskPersistence(recoveryConfig);
                states.put(n, state);
                disks.put(n, disk);
                return new Replica(verifier, zabConfig, state, events, persistence.apply(n, disk));
            });
        }
    }

    DurableEnsemble(long seed, int voters) {
        this(seed, SimConfig.reliable(), QuorumVerifier.majorityOf(voters), ZabConfig.simulated(), RecoveryConfig.simulated());
    }

    /** Zab's events for the checker, and what was committed (acknowledged to a client), by zxid. */
    static final class Events implements ZabEvents {
        final ZabRecorder recorder = new ZabRecorder();
        final Map<Long, LoggedTxn> proposed = new TreeMap<>();
        final Map<Long, LoggedTxn> committed = new TreeMap<>();
        /** Every zxid some server delivered: committed, since Zab delivers only committed txns. */
        final java.util.TreeSet<Long> delivered = new java.util.TreeSet<>();

        @Override
        public void started(int server) {
            recorder.started(server);
        }

        @Override
        public void snapshotInstalled(int server, long zxid) {
            recorder.snapshotReceived(server, zxid);
        }

        @Override
        public void delivered(int server, LoggedTxn txn) {
            recorder.delivered(server, txn.header().zxid(), describe(txn));
            delivered.add(txn.header().zxid());
        }

        @Override
        public void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
            recorder.established(epoch, leader, historyZxid, ackers);
        }

        @Override
        public void proposed(int leader, LoggedTxn txn) {
            recorder.proposed(txn.header().zxid(), describe(txn), leader);
            proposed.put(txn.header().zxid(), txn);
        }

        @Override
        public void committed(int leader, long zxid, Set<Integer> ackers) {
            recorder.committed(zxid, leader, ackers);
            committed.put(zxid, proposed.get(zxid));
        }

        private static String describe(LoggedTxn txn) {
            String path = txn.txn().path();
            return txn.txn().getClass().getSimpleName() + (path == null ? "" : " " + path)
                    + " by " + Long.toHexString(txn.header().sessionId()) + ":" + txn.header().cxid();
        }
    }

    Optional<Replica> replica(int id) {
        return sim.node(id).map(node -> (Replica) node);
    }

    DiskPersistence disk(int id) {
        replica(id).orElseThrow();
        return disks.get(id);
    }

    TreeState state(int id) {
        replica(id).orElseThrow();
        return states.get(id);
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

    /** Every live server serves under one established leader, nothing is in flight, and all delivered the same. */
    boolean settled() {
        Optional<Integer> leader = leader();
        if (leader.isEmpty() || replica(leader.get()).flatMap(Replica::leader).orElseThrow().outstandingProposals() > 0) {
            return false;
        }
        long committed = replica(leader.get()).orElseThrow().history().lastCommittedZxid();
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

    void settle(long maxMillis) {
        if (!sim.runUntil(this::settled, maxMillis)) {
            throw new AssertionError("not settled after " + maxMillis + " ms\n" + this);
        }
    }

    /** Hands the leader up to {@code count} writes now (it may refuse some: flow control). */
    void write(int count) {
        leader().ifPresent(id -> sim.act(id, "write x" + count, node -> {
            Leader leader = ((Replica) node).leader().orElse(null);
            for (int i = 0; i < count && leader != null && leader.canPropose(); i++) {
                leader.propose(nextWrite(leader.nextZxid()));
            }
        }));
        sim.runFor(0);
    }

    private LoggedTxn nextWrite(long zxid) {
        writesProposed++;
        if (writesProposed % 5 == 0) {
            return new LoggedTxn(new TxnHeader(SESSION + writesProposed, 0, zxid, sim.now()), new Txn.CreateSession(10_000 + writesProposed));
        }
        byte[] data = ("v" + writesProposed).getBytes(StandardCharsets.UTF_8);
        return new LoggedTxn(new TxnHeader(SESSION, writesProposed, zxid, sim.now()),
                new Txn.Create("/w" + writesProposed, data, Acl.OPEN_ACL_UNSAFE, false, writesProposed));
    }

    void crashAll() {
        for (int id : verifier.members()) {
            if (sim.isUp(id)) {
                sim.crash(id);
            }
        }
    }

    void restartAll() {
        for (int id : verifier.members()) {
            if (!sim.isUp(id)) {
                sim.restart(id);
            }
        }
    }

    /** Committed writes (acknowledged to their clients) missing from live server {@code id}'s state. */
    List<String> lostWrites(int id) {
        TreeState state = state(id);
        List<String> lost = new ArrayList<>();
        for (LoggedTxn txn : events.committed.values()) {
            boolean there = txn.txn() instanceof Txn.CreateSession
                    ? state.sessions().contains(txn.header().sessionId())
                    : state.tree().exists(txn.txn().path());
            if (!there) {
                lost.add(txn.txn() instanceof Txn.CreateSession ? "session " + Long.toHexString(txn.header().sessionId()) : txn.txn().path());
            }
        }
        return lost;
    }

    /**
     * Does live server {@code id}'s state equal the committed prefix up to the zxid it claims
     * (every delivered txn up to it, applied in order to an empty state)? Null if so, else why not.
     */
    String stateMismatch(int id) {
        TreeState state = state(id);
        long claimed = state.lastDeliveredZxid();
        TreeState reference = new TreeState();
        for (long zxid : events.delivered.headSet(claimed, true)) {
            reference.deliver(events.proposed.get(zxid));
        }
        String mine = Fingerprint.of(state);
        String expected = Fingerprint.of(reference);
        return mine.equals(expected) ? null
                : "server " + id + " claims the committed prefix up to " + dev.minizk.txn.Zxid.format(claimed)
                + " but its state differs:\n" + mine + "expected:\n" + expected;
    }

    /** How many messages of this kind were sent, as far back as the timeline reaches. */
    long sent(Class<? extends PeerMessage> kind) {
        return sim.timeline().events().stream()
                .filter(ev -> ev.kind() == dev.minizk.sim.Timeline.Kind.SEND && kind.isInstance(ev.detail())).count();
    }

    boolean sameTrees() {
        String first = null;
        for (int id : verifier.members()) {
            if (replica(id).isPresent()) {
                String tree = Fingerprint.of(states.get(id));
                if (first != null && !first.equals(tree)) {
                    return false;
                }
                first = tree;
            }
        }
        return true;
    }

    ZabReport check() {
        return ZabChecker.check(events.recorder.run(verifier::containsQuorum));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(sim.toString()).append('\n');
        for (int id : verifier.members()) {
            text.append("  ").append(replica(id).map(r -> r + " " + disks.get(id)).orElse(id + " down")).append('\n');
        }
        return text.toString();
    }
}
