package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The world of the Zab search tests and of the debugger's Zab scenarios: three servers that
 * elected a leader and synchronized (the ordinary simulator runs the election, seeded, before
 * anything is searched or clicked), then a scripted client of the leader: {@code writes} writes
 * and a {@code sync}, as acts on the leader that happen in order, interleaved with everything
 * else. Built the same way every time for the same arguments, so a trace of choices replays.
 *
 * <p>The writes are handed to the leader ({@link Leader#propose}, as the request pipeline's
 * sequencer does) rather than sent by a real client: a client, its session and its connection
 * would multiply the states without adding to what is searched, Zab. A write's content is a
 * function of its zxid, so a zxid names one txn on every path ({@link ReplicaSnapshot} keeps
 * zxids only). The peer links are TCP connections with no random loss: a search or a person
 * chooses which message is lost, which breaks its connection (the loss rate only allows that).
 *
 * <p>A trace names its world by a scenario name ({@link #ofScenario}):
 * {@code zab-<servers>-<writes>w[-early-commit][-seed-<seed>]}, for example {@code zab-3-2w} or
 * {@code zab-5-1w-seed-4}; the search tests' names {@code zab-3-two-writes},
 * {@code zab-3-one-lost} and {@code zab-3-early-commit} stand for {@code zab-3-2w},
 * {@code zab-3-1w} and {@code zab-3-1w-early-commit}. The search tests' replay command and the
 * debugger ({@code ./minizk debug}) both build worlds from these names.
 */
public final class ScriptedEnsemble {
    public static final QuorumVerifier VOTERS = QuorumVerifier.majorityOf(3);
    /** Peer links are TCP connections, as in every Zab test; the loss rate is there only to let a search or a person choose a loss. */
    private static final NetworkFaults CHOSEN_LOSS_ONLY = NetworkFaults.reliable().withConnections().withLoss(1e-12);
    /** The seed of a scenario whose name gives none (the search tests' seed). */
    public static final long DEFAULT_SEED = 1;
    private static final Pattern SCENARIO = Pattern.compile("zab-(\\d)-(\\d)w(-early-commit)?(?:-seed-(\\d{1,18}))?");
    /** The search tests' scenario names, and the names they stand for. */
    private static final Map<String, String> SEARCH_NAMES = Map.of(
            "zab-3-two-writes", "zab-3-2w", "zab-3-one-lost", "zab-3-1w", "zab-3-early-commit", "zab-3-1w-early-commit");

    private final Simulator<PeerMessage> sim;
    private final QuorumVerifier voters;
    private final Map<Integer, TreeState> states = new TreeMap<>();
    private final int writes;
    private final int leader;
    private final List<Long> written = new ArrayList<>();
    private long syncAfter = -1;
    private long syncAnsweredAt = -1;

    /**
     * @param seed                 the simulator's seed (it decides the election)
     * @param writes               the writes the leader's client makes before its sync
     * @param countAckBeforeLogged a deliberately broken leader: it counts a follower's ACK the
     *                             moment it proposes, as if it had arrived, and so commits before
     *                             a quorum logged the txn (what the search tests must catch)
     * @param events               Zab's events (a checker's recorder), or {@link ZabEvents#NONE}
     */
    public ScriptedEnsemble(long seed, int writes, boolean countAckBeforeLogged, ZabEvents events) {
        this(seed, 3, writes, countAckBeforeLogged, events);
    }

    /** The same with {@code servers} voters (3 to 7). */
    public ScriptedEnsemble(long seed, int servers, int writes, boolean countAckBeforeLogged, ZabEvents events) {
        if (servers < 3 || servers > 7 || writes < 0 || writes > 9) {
            throw new IllegalArgumentException("a scripted ensemble has 3 to 7 servers and 0 to 9 writes, not " + servers + " and " + writes);
        }
        this.sim = new Simulator<>(seed, SimConfig.reliable().withNetwork(NetworkFaults.reliable().withConnections()).withTimelineCapacity(256));
        this.voters = servers == 3 ? VOTERS : QuorumVerifier.majorityOf(servers);
        this.writes = writes;
        for (int id : voters.members()) {
            sim.addNode(id, n -> {
                TreeState state = new TreeState();
                states.put(n, state);
                return new Replica(voters, ZabConfig.simulated(), state, events);
            });
        }
        if (!sim.runUntil(this::serving, 10_000)) {
            throw new IllegalStateException("seed " + seed + " did not elect and synchronize a leader within 10 s\n" + sim);
        }
        this.leader = establishedLeaders().values().iterator().next();
        sim.setNetwork(CHOSEN_LOSS_ONLY);
        for (int i = 1; i <= writes; i++) {
            sim.act(leader, "write " + i, node -> write((Replica) node, countAckBeforeLogged));
        }
        sim.act(leader, "sync", node -> sync((Replica) node));
    }

    /** Does {@code scenario} name a Zab world ({@link #ofScenario} builds it)? */
    public static boolean names(String scenario) {
        return SCENARIO.matcher(SEARCH_NAMES.getOrDefault(scenario, scenario)).matches();
    }

    /**
     * The world a scenario name stands for: {@code zab-<servers>-<writes>w[-early-commit][-seed-<seed>]}
     * or one of the search tests' names.
     *
     * @throws IllegalArgumentException for a name of no Zab world, saying what one looks like
     */
    public static ScriptedEnsemble ofScenario(String scenario, ZabEvents events) {
        Matcher m = SCENARIO.matcher(SEARCH_NAMES.getOrDefault(scenario, scenario));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Zab scenario: '" + scenario
                    + "' (one is zab-<servers>-<writes>w[-early-commit][-seed-<seed>], like zab-3-2w or zab-3-1w-seed-7)");
        }
        long seed = m.group(4) == null ? DEFAULT_SEED : Long.parseLong(m.group(4));
        return new ScriptedEnsemble(seed, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3) != null, events);
    }

    /** The scenario name of a world {@link #ofScenario} builds again. */
    public static String scenario(int servers, int writes, boolean countAckBeforeLogged, long seed) {
        return "zab-" + servers + "-" + writes + "w" + (countAckBeforeLogged ? "-early-commit" : "")
                + (seed == DEFAULT_SEED ? "" : "-seed-" + seed);
    }

    public Simulator<PeerMessage> sim() {
        return sim;
    }

    /** The voters: every server of this ensemble. */
    public QuorumVerifier voters() {
        return voters;
    }

    public Optional<Replica> replica(int id) {
        return sim.node(id).map(Replica.class::cast);
    }

    /** The state machine of server {@code id} (its current incarnation's). */
    public TreeState state(int id) {
        return states.get(id);
    }

    /** The leader the scripted client talks to. */
    public int leader() {
        return leader;
    }

    /** The zxids of the writes the leader accepted, in order. */
    public List<Long> written() {
        return Collections.unmodifiableList(written);
    }

    public int writes() {
        return writes;
    }

    /** The leader's last logged zxid when the sync reached it, or -1 before. */
    public long syncAfter() {
        return syncAfter;
    }

    /** The leader's last committed zxid when it answered the sync, or -1 before. */
    public long syncAnsweredAt() {
        return syncAnsweredAt;
    }

    /** Per epoch, the server that leads it, established (the replicas' own view). */
    public Map<Long, Integer> establishedLeaders() {
        Map<Long, Integer> leaders = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            replica(id).flatMap(Replica::leader).filter(Leader::isEstablished).ifPresent(l -> leaders.put(l.epoch(), id));
        }
        return leaders;
    }

    private boolean serving() {
        Map<Long, Integer> leaders = establishedLeaders();
        if (leaders.size() != 1) {
            return false;
        }
        int elected = leaders.values().iterator().next();
        return sim.nodeIds().stream().filter(id -> id != elected).allMatch(id -> replica(id)
                .map(r -> r.role() instanceof Learner l && l.leader() == elected && l.isServing()).orElse(false));
    }

    private void write(Replica replica, boolean countAckBeforeLogged) {
        Optional<Leader> leading = replica.leader();
        if (leading.isEmpty() || !leading.get().canPropose()) {
            return; // no longer leading: the write fails, as a client's would
        }
        long zxid = leading.get().nextZxid();
        leading.get().propose(writeAt(zxid));
        written.add(zxid);
        if (countAckBeforeLogged) {
            replica.onMessage(leader == 1 ? 2 : 1, new PeerMessage.Ack(zxid));
        }
    }

    /** A create whose path and data are made of its zxid: the same zxid, the same txn, on every path. */
    static LoggedTxn writeAt(long zxid) {
        String name = Zxid.format(zxid);
        int counter = (int) Zxid.counterOf(zxid);
        return new LoggedTxn(new TxnHeader(1, counter, zxid, 0),
                new Txn.Create("/w" + name, name.getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, false, counter));
    }

    private void sync(Replica replica) {
        replica.leader().ifPresent(leading -> {
            syncAfter = replica.history().lastLoggedZxid();
            leading.afterOutstandingCommitted(() -> syncAnsweredAt = replica.history().lastCommittedZxid());
        });
    }
}
