package dev.minizk.election;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rounds in which more than one leader was elected by a quorum: what fast leader election alone
 * promises never happens while no server forgets, and what a restart makes possible, because the
 * round ({@code logicalclock}) lives in memory, in ZooKeeper too. A restarted server starts again
 * at round 1 and may decide a second time in a round it already decided in, for another leader
 * (lesson 03 §5). A split is <em>by amnesia</em> when some server decided in that round in two
 * incarnations; a split without one is a bug of the election. The fuzzers of stages 03 and 05
 * check this over every decision of a run.
 */
public final class RoundSplits {

    /** A decision and the incarnation of its server that made it (counted from 1 per server). */
    public record Decided(int incarnation, Decision decision) {
    }

    /**
     * One round's leaders, each elected by a quorum.
     *
     * @param electors  per leader, the servers whose decisions in the round were for it (joiners and observers not counted)
     * @param amnesiacs the servers that decided in this round in two incarnations
     */
    public record Split(long round, Set<Integer> leaders, Map<Integer, Set<Integer>> electors, Set<Integer> amnesiacs) {
        public boolean byAmnesia() {
            return !amnesiacs.isEmpty();
        }

        public String describe() {
            return "round " + round + " elected " + leaders + " (electors " + electors + ")"
                    + (amnesiacs.isEmpty() ? "" : ", decided twice after a restart: " + amnesiacs);
        }
    }

    private RoundSplits() {
    }

    /** The rounds of {@code decisions} with more than one leader elected by a quorum; decisions for a non-voter are left out. */
    public static List<Split> find(List<Decided> decisions, QuorumVerifier verifier) {
        Map<Long, Map<Integer, Set<Integer>>> electorsByRound = new TreeMap<>(); // round -> leader -> servers that elected it
        Map<Long, Set<Integer>> leadersByRound = new TreeMap<>();
        Map<Long, Set<Integer>> amnesiacsByRound = new TreeMap<>();
        Map<String, Integer> incarnationOf = new HashMap<>();
        for (Decided decided : decisions) {
            Decision d = decided.decision();
            Integer earlier = incarnationOf.putIfAbsent(d.sid() + "@" + d.round(), decided.incarnation());
            if (earlier != null && earlier != decided.incarnation()) {
                amnesiacsByRound.computeIfAbsent(d.round(), r -> new TreeSet<>()).add(d.sid());
            }
            int leader = d.vote().leader();
            if (!verifier.isVoter(leader)) {
                continue;
            }
            if (d.state() == PeerState.LEADING) {
                leadersByRound.computeIfAbsent(d.round(), r -> new TreeSet<>()).add(d.sid());
            }
            if (!d.joined() && d.state() != PeerState.OBSERVING) {
                electorsByRound.computeIfAbsent(d.round(), r -> new TreeMap<>()).computeIfAbsent(leader, l -> new TreeSet<>()).add(d.sid());
            }
        }
        List<Split> splits = new ArrayList<>();
        leadersByRound.forEach((round, leaders) -> {
            Set<Integer> elected = new TreeSet<>();
            for (int leader : leaders) {
                if (verifier.containsQuorum(electorsByRound.getOrDefault(round, Map.of()).getOrDefault(leader, Set.of()))) {
                    elected.add(leader);
                }
            }
            if (elected.size() > 1) {
                splits.add(new Split(round, elected, electorsByRound.get(round), amnesiacsByRound.getOrDefault(round, Set.of())));
            }
        });
        return splits;
    }
}
