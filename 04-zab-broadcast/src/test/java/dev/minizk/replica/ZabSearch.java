package dev.minizk.replica;

import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Search;
import dev.minizk.txn.Zxid;
import dev.minizk.zab.Leader;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zabcheck.ZabChecker;
import dev.minizk.zabcheck.ZabReport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * The worlds and properties of the Zab search tests: a {@link ScriptedEnsemble} (three servers
 * that elected a leader, whose client then writes and syncs), with Zab's events recorded for
 * the checker, and what must hold in every state the search reaches.
 */
final class ZabSearch {
    /** The seed the ensembles are built with (it decides the election: server 3 leads). */
    static final long SEED = 1;
    /** The world of each simulator a search builds: its ensemble and its recorded events (the invariants need both). */
    private static final Map<Simulator<?>, World> WORLDS = new WeakHashMap<>();

    record World(ScriptedEnsemble ensemble, RecordingEvents recorder) {
    }

    private ZabSearch() {
    }

    /** The correct ensemble, with two writes and a sync. */
    static Simulator<PeerMessage> ensemble() {
        return ensemble(2, false);
    }

    /** An ensemble whose leader's client makes {@code writes} writes and a sync; see {@link ScriptedEnsemble}. */
    static Simulator<PeerMessage> ensemble(int writes, boolean countAckBeforeLogged) {
        return ensemble(ScriptedEnsemble.scenario(3, writes, countAckBeforeLogged, SEED));
    }

    /** The ensemble a scenario name stands for ({@link ScriptedEnsemble#ofScenario}): a search's, or one the debugger exported. */
    static Simulator<PeerMessage> ensemble(String scenario) {
        RecordingEvents recorder = new RecordingEvents();
        ScriptedEnsemble ensemble = ScriptedEnsemble.ofScenario(scenario, recorder);
        WORLDS.put(ensemble.sim(), new World(ensemble, recorder));
        return ensemble.sim();
    }

    static ScriptedEnsemble ensembleOf(Simulator<?> sim) {
        return WORLDS.get(sim).ensemble();
    }

    /** The search of a world, with Zab's invariants and the goal "all delivered every write and the sync was answered". */
    static Search<PeerMessage> search(String scenario, Supplier<Simulator<PeerMessage>> world) {
        return new Search<>(scenario, world)
                .invariant("at most one established leader per epoch", ZabSearch::oneLeaderPerEpoch)
                .invariant("Zab's properties (ZabChecker)", ZabSearch::zabProperties)
                .invariant("a committed txn is logged on a quorum", ZabSearch::committedOnQuorum)
                .invariant("a sync is answered after the writes before it are committed", ZabSearch::syncAfterWrites)
                .invariant("servers that delivered the same txns hold the same tree", ZabSearch::sameTrees)
                .goal("every server delivered every write and the sync was answered", ZabSearch::allDelivered);
    }

    static Optional<String> oneLeaderPerEpoch(Simulator<PeerMessage> sim) {
        Map<Long, Integer> seen = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            Optional<Leader> leader = ensembleOf(sim).replica(id).flatMap(Replica::leader).filter(Leader::isEstablished);
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
        ZabReport report = ZabChecker.check(WORLDS.get(sim).recorder().run(ensembleOf(sim).voters()));
        return report.ok() ? Optional.empty() : Optional.of(report.describe());
    }

    /** What a commit promises: a quorum holds the txn in its log, so every later leader will have it. */
    static Optional<String> committedOnQuorum(Simulator<PeerMessage> sim) {
        ScriptedEnsemble ensemble = ensembleOf(sim);
        long committed = 0;
        for (int id : sim.nodeIds()) {
            committed = Math.max(committed, ensemble.replica(id).map(r -> r.history().lastCommittedZxid()).orElse(0L));
        }
        List<Integer> holders = new ArrayList<>();
        for (int id : sim.nodeIds()) {
            if (ensemble.replica(id).map(r -> r.history().lastLoggedZxid()).orElse(0L) >= committed) {
                holders.add(id);
            }
        }
        return ensemble.voters().containsQuorum(holders) ? Optional.empty()
                : Optional.of(Zxid.format(committed) + " is committed but logged only on " + holders);
    }

    static Optional<String> syncAfterWrites(Simulator<PeerMessage> sim) {
        ScriptedEnsemble ensemble = ensembleOf(sim);
        if (ensemble.syncAnsweredAt() >= 0 && ensemble.syncAnsweredAt() < ensemble.syncAfter()) {
            return Optional.of("the sync was answered at " + Zxid.format(ensemble.syncAnsweredAt()) + ", before "
                    + Zxid.format(ensemble.syncAfter()) + " (logged when it came) was committed");
        }
        return Optional.empty();
    }

    static Optional<String> sameTrees(Simulator<PeerMessage> sim) {
        ScriptedEnsemble ensemble = ensembleOf(sim);
        Map<Long, String> treeByZxid = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            TreeState state = ensemble.state(id);
            String tree = treeText(state).toString();
            String other = treeByZxid.putIfAbsent(state.lastDeliveredZxid(), tree);
            if (other != null && !other.equals(tree)) {
                return Optional.of("server " + id + " delivered up to " + Zxid.format(state.lastDeliveredZxid())
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
        ScriptedEnsemble ensemble = ensembleOf(sim);
        List<Long> written = ensemble.written();
        if (written.size() < ensemble.writes() || ensemble.syncAnsweredAt() < 0) {
            return false;
        }
        long last = written.get(written.size() - 1);
        return sim.nodeIds().stream().allMatch(id -> ensemble.state(id).lastDeliveredZxid() >= last);
    }
}
