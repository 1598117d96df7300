package dev.minizk.election;

import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The properties of the election search tests: what must hold in every state the search
 * reaches in the world of {@link ThreeVoters}.
 */
final class ElectionSearch {

    /** Each server's true last zxid: what its log holds, whatever it votes with. */
    static final Map<Integer, Long> LOGS = ThreeVoters.LOGS;

    private ElectionSearch() {
    }

    /** Three voters with the logs of {@link #LOGS}, none started yet: the starts are events to order too. */
    static Simulator<Notification> threeVoters() {
        return ThreeVoters.world(1, Map.of());
    }

    /** The same world where the servers named in {@code votesWithZxid} vote with that zxid: a broken variant. */
    static Simulator<Notification> threeVoters(Map<Integer, Long> votesWithZxid) {
        return ThreeVoters.world(1, votesWithZxid);
    }

    /** The search of a world, with the three election invariants and the goal "everyone agrees". */
    static Search<Notification> search(String scenario, java.util.function.Supplier<Simulator<Notification>> world) {
        return new Search<>(scenario, world)
                .invariant("at most one established leader per round", ElectionSearch::oneLeaderPerRound)
                .invariant("a leader names itself, a follower another", ElectionSearch::rolesMatchVotes)
                .invariant("no server follows a leader whose log is behind its own", ElectionSearch::leaderLogUpToDate)
                .goal("every server decided for the same leader", ElectionSearch::allAgree);
    }

    static Map<Integer, Decision> decisions(Simulator<Notification> sim) {
        Map<Integer, Decision> decided = new TreeMap<>();
        for (int id : sim.nodeIds()) {
            sim.node(id).map(FastLeaderElection.class::cast).map(FastLeaderElection::decision)
                    .ifPresent(d -> decided.put(id, d));
        }
        return decided;
    }

    /** A leader is established in a round when a quorum (itself included) decided for it in that round. */
    static Optional<String> oneLeaderPerRound(Simulator<Notification> sim) {
        Map<Long, Map<Integer, Set<Integer>>> backersByRound = new TreeMap<>();
        decisions(sim).forEach((id, d) -> backersByRound.computeIfAbsent(d.round(), r -> new TreeMap<>())
                .computeIfAbsent(d.vote().leader(), l -> new TreeSet<>()).add(id));
        for (Map.Entry<Long, Map<Integer, Set<Integer>>> round : backersByRound.entrySet()) {
            List<Integer> established = new ArrayList<>();
            round.getValue().forEach((leader, backers) -> {
                if (QuorumVerifier.majorityOf(sim.nodeIds().size()).containsQuorum(backers)) {
                    established.add(leader);
                }
            });
            if (established.size() > 1) {
                return Optional.of("round " + round.getKey() + " has leaders " + established + " backed by " + round.getValue());
            }
        }
        return Optional.empty();
    }

    static Optional<String> rolesMatchVotes(Simulator<Notification> sim) {
        for (Decision d : decisions(sim).values()) {
            boolean namesItself = d.vote().leader() == d.sid();
            if ((d.state() == PeerState.LEADING) != namesItself) {
                return Optional.of("server " + d.sid() + " is " + d.state() + " for " + d.vote());
            }
        }
        return Optional.empty();
    }

    /** What Zab relies on: the leader's log is at least as long as every follower's (no committed txn lost). */
    static Optional<String> leaderLogUpToDate(Simulator<Notification> sim) {
        for (Decision d : decisions(sim).values()) {
            int leader = d.vote().leader();
            long leaderLog = ThreeVoters.logOf(leader);
            long ownLog = ThreeVoters.logOf(d.sid());
            if (leaderLog < ownLog) {
                return Optional.of("server " + d.sid() + " (log to " + Long.toHexString(ownLog) + ") decided for " + leader
                        + " (log to " + Long.toHexString(leaderLog) + ")");
            }
        }
        return Optional.empty();
    }

    static boolean allAgree(Simulator<Notification> sim) {
        Map<Integer, Decision> decided = decisions(sim);
        return decided.size() == sim.nodeIds().size() && decided.values().stream().map(d -> d.vote().leader()).distinct().count() == 1;
    }
}
