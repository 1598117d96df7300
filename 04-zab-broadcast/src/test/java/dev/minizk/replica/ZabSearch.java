package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Search;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zabcheck.ZabChecker;
import dev.minizk.zabcheck.ZabReport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;

/**
 * The world and properties of the Zab search tests: three servers that elected server 3 and
 * synchronized (the ordinary simulator runs the election, seeded, before the search begins),
 * then a scripted client of the leader: two writes and a {@code sync}, three events the search
 * orders with everything else. The search explores every order of the broadcast's messages and
 * of the ticks (quiet timers), with a message lost or delivered twice, and what follows: a lost
 * PROPOSAL breaks the follower's connection, which sends it back through election, discovery
 * and synchronization.
 *
 * <p>The writes are scripted on the leader ({@link Leader#propose}, as the request pipeline's
 * sequencer calls it) rather than sent by a real client: a client, its session and its
 * connection would multiply the states without adding to what is searched here, Zab.
 * A write's content is a function of its zxid, so a zxid names one txn in every path
 * ({@link ReplicaSnapshot} keeps zxids only).
 */
final class ZabSearch {
    static final QuorumVerifier VOTERS = QuorumVerifier.majorityOf(3);
    static final long SEED = 1;
    /** The network the search runs on: FIFO links whose messages it may lose or duplicate (the search chooses which; the rates only allow it). */
    private static final NetworkFaults SEARCHED = NetworkFaults.reliable().withLoss(1e-12).withDuplicates(1e-12);
    private static final Map<Simulator<?>, World> WORLDS = new WeakHashMap<>();

    /** What the invariants need besides the nodes: the recorded Zab events, the trees, the scripted client. */
    static final class World {
        final RecordingEvents recorder = new RecordingEvents();
        final Map<Integer, TreeState> states = new TreeMap<>();
        int leader;
        /** The leader's last logged zxid when the sync reached it, or -1 before. */
        long syncAfter = -1;
        /** The leader's committed zxid when it answered the sync, or -1 before. */
        long syncAnsweredAt = -1;
        final List<Long> written = new ArrayList<>();
        int writes;
    }

    private ZabSearch() {
    }

    static World worldOf(Simulator<?> sim) {
        return WORLDS.get(sim);
    }

    /** The correct ensemble, with two writes and a sync. */
    static Simulator<PeerMessage> ensemble() {
        return ensemble(2, false);
    }

    /**
     * @param writes               the writes the leader's client makes (before, after or around its sync)
     * @param countAckBeforeLogged the broken variant: the leader counts a follower's ACK the
     *                             moment it proposes, as if it had arrived, and so commits before
     *                             a quorum logged the txn
     */
    static Simulator<PeerMessage> ensemble(int writes, boolean countAckBeforeLogged) {
        Simulator<PeerMessage> sim = new Simulator<>(SEED, SimConfig.reliable().withTimelineCapacity(64));
        World world = new World();
        world.writes = writes;
        for (int id : VOTERS.members()) {
            sim.addNode(id, n -> {
                TreeState state = new TreeState();
                world.states.put(n, state);
                return new Replica(VOTERS, ZabConfig.simulated(), state, world.recorder);
            });
        }
        if (!sim.runUntil(() -> serving(sim), 10_000)) {
            throw new IllegalStateException("seed " + SEED + " did not elect and synchronize a leader\n" + sim);
        }
        world.leader = establishedLeaders(sim).values().iterator().next();
        sim.setNetwork(SEARCHED);
        for (int i = 1; i <= writes; i++) {
            sim.act(world.leader, "write " + i, node -> write((Replica) node, world, countAckBeforeLogged));
        }
        sim.act(world.leader, "sync", node -> sync((Replica) node, world));
        WORLDS.put(sim, world);
        return sim;
    }

    private static void write(Replica replica, World world, boolean countAckBeforeLogged) {
        Optional<Leader> leader = replica.leader();
        if (leader.isEmpty() || !leader.get().canPropose()) {
            return; // no longer leading: the write fails, as a client's would
        }
        long zxid = leader.get().nextZxid();
        leader.get().propose(writeAt(zxid));
        world.written.add(zxid);
        if (countAckBeforeLogged) {
            int follower = world.leader == 1 ? 2 : 1;
            replica.onMessage(follower, new PeerMessage.Ack(zxid));
        }
    }

    /** A create whose path and data are made of its zxid: the same zxid, the same txn, on every path. */
    static LoggedTxn writeAt(long zxid) {
        String name = Zxid.format(zxid);
        return new LoggedTxn(new TxnHeader(1, (int) Zxid.counterOf(zxid), zxid, 0),
                new Txn.Create("/w" + name, name.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, (int) Zxid.counterOf(zxid)));
    }

    private static void sync(Replica replica, World world) {
        replica.leader().ifPresent(leader -> {
            world.syncAfter = replica.history().lastLoggedZxid();
            leader.afterOutstandingCommitted(() -> world.syncAnsweredAt = replica.history().lastCommittedZxid());
        });
    }

    /** The search of a world, with Zab's invariants and the goal "all delivered both writes and the sync was answered". */
    static Search<PeerMessage> search(String scenario, java.util.function.Supplier<Simulator<PeerMessage>> world) {
        return new Search<>(scenario, world)
                .invariant("at most one established leader per epoch", ZabSearch::oneLeaderPerEpoch)
                .invariant("Zab's properties (ZabChecker)", ZabSearch::zabProperties)
                .invariant("a committed txn is logged on a quorum", ZabSearch::committedOnQuorum)
                .invariant("a sync is answered after the writes before it are committed", ZabSearch::syncAfterWrites)
                .invariant("servers that delivered the same txns hold the same tree", ZabSearch::sameTrees)
                .goal("every server delivered every write and the sync was answered", ZabSearch::allDelivered);
    }

    /** Per epoch, the server leading it established (the replicas' own view). */
    static Map<Long, Integer> establishedLeaders(Simulator<PeerMessage> sim) {
        Map<Long, Integer> leaders = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            replica(sim, id).flatMap(Replica::leader).filter(Leader::isEstablished).ifPresent(l -> leaders.put(l.epoch(), id));
        }
        return leaders;
    }

    static Optional<Replica> replica(Simulator<PeerMessage> sim, int id) {
        return sim.node(id).map(Replica.class::cast);
    }

    private static boolean serving(Simulator<PeerMessage> sim) {
        Map<Long, Integer> leaders = establishedLeaders(sim);
        if (leaders.size() != 1) {
            return false;
        }
        int leader = leaders.values().iterator().next();
        return sim.nodeIds().stream().filter(id -> id != leader).allMatch(id -> replica(sim, id)
                .map(r -> r.role() instanceof Learner l && l.leader() == leader && l.isServing()).orElse(false));
    }

    static Optional<String> oneLeaderPerEpoch(Simulator<PeerMessage> sim) {
        Map<Long, Integer> seen = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            Optional<Leader> leader = replica(sim, id).flatMap(Replica::leader).filter(Leader::isEstablished);
            if (leader.isPresent()) {
                Integer other = seen.putIfAbsent(leader.get().epoch(), id);
                if (other != null) {
                    return Optional.of("servers " + other + " and " + id + " both lead epoch " + leader.get().epoch());
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> zabProperties(Simulator<PeerMessage> sim) {
        ZabReport report = ZabChecker.check(worldOf(sim).recorder.run(VOTERS));
        return report.ok() ? Optional.empty() : Optional.of(report.describe());
    }

    /** What a commit promises: a quorum holds the txn in its log, so every later leader will have it. */
    static Optional<String> committedOnQuorum(Simulator<PeerMessage> sim) {
        long committed = 0;
        for (int id : sim.nodeIds()) {
            committed = Math.max(committed, replica(sim, id).map(r -> r.history().lastCommittedZxid()).orElse(0L));
        }
        List<Integer> holders = new ArrayList<>();
        for (int id : sim.nodeIds()) {
            if (replica(sim, id).map(r -> r.history().lastLoggedZxid()).orElse(0L) >= committed) {
                holders.add(id);
            }
        }
        return VOTERS.containsQuorum(holders) ? Optional.empty()
                : Optional.of(Zxid.format(committed) + " is committed but logged only on " + holders);
    }

    static Optional<String> syncAfterWrites(Simulator<PeerMessage> sim) {
        World world = worldOf(sim);
        if (world.syncAnsweredAt >= 0 && world.syncAnsweredAt < world.syncAfter) {
            return Optional.of("the sync was answered at " + Zxid.format(world.syncAnsweredAt) + ", before "
                    + Zxid.format(world.syncAfter) + " (logged when it came) was committed");
        }
        return Optional.empty();
    }

    static Optional<String> sameTrees(Simulator<PeerMessage> sim) {
        World world = worldOf(sim);
        Map<Long, String> treeByZxid = new TreeMap<>();
        for (Map.Entry<Integer, TreeState> entry : world.states.entrySet()) {
            String tree = new TreeMap<>(treeText(entry.getValue())).toString();
            String other = treeByZxid.putIfAbsent(entry.getValue().lastDeliveredZxid(), tree);
            if (other != null && !other.equals(tree)) {
                return Optional.of("server " + entry.getKey() + " delivered up to " + Zxid.format(entry.getValue().lastDeliveredZxid())
                        + " like another, but its tree differs: " + tree + " vs " + other);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> treeText(TreeState state) {
        Map<String, String> text = new TreeMap<>();
        for (String path : state.tree().paths()) {
            byte[] data = state.tree().getData(path);
            text.put(path, (data == null ? "null" : new String(data, StandardCharsets.UTF_8)) + " " + state.tree().stat(path));
        }
        return text;
    }

    static boolean allDelivered(Simulator<PeerMessage> sim) {
        World world = worldOf(sim);
        if (world.written.size() < world.writes || world.syncAnsweredAt < 0) {
            return false;
        }
        long last = world.written.get(world.written.size() - 1);
        return world.states.values().stream().allMatch(s -> s.lastDeliveredZxid() >= last);
    }
}
