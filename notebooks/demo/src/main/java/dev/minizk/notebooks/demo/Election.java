package dev.minizk.notebooks.demo;

import dev.minizk.election.Decision;
import dev.minizk.election.ElectionConfig;
import dev.minizk.election.FastLeaderElection;
import dev.minizk.election.Notification;
import dev.minizk.election.PeerState;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.election.Vote;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.txn.Zxid;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Notebook 03's ensemble of {@link FastLeaderElection}s in one {@link Simulator}, the
 * notebook's version of stage 03's test {@code Ensemble}: {@link #server} adds a server (its
 * factory runs again at every restart) and records every {@link Decision} it reports.
 */
public final class Election {
    public final Simulator<Notification> sim;
    public final QuorumVerifier verifier;
    public final List<Decision> decisions = new ArrayList<>();

    public Election(long seed, SimConfig config, QuorumVerifier verifier) {
        this.sim = new Simulator<>(seed, config);
        this.verifier = verifier;
    }

    /** Adds a server whose log ends at {@code lastZxid}; its epoch is that zxid's epoch. */
    public Election server(int id, long lastZxid) {
        ElectionConfig config = ElectionConfig.of(verifier, lastZxid);
        sim.addNode(id, n -> new FastLeaderElection(config, decisions::add));
        return this;
    }

    public FastLeaderElection fle(int id) {
        return (FastLeaderElection) sim.node(id).orElseThrow();
    }

    public List<Integer> live() {
        return sim.nodeIds().stream().filter(sim::isUp).toList();
    }

    /**
     * The leader of an <em>established</em> ensemble: a live server LEADING, with a quorum of
     * voters that decided for it in its round and can reach it both ways.
     */
    public Optional<Integer> leader() {
        for (int id : live()) {
            Decision leading = fle(id).decision();
            if (leading == null || leading.state() != PeerState.LEADING) {
                continue;
            }
            Set<Integer> with = new TreeSet<>();
            for (int other : live()) {
                Decision d = fle(other).decision();
                boolean reach = other == id || (sim.canReach(id, other) && sim.canReach(other, id));
                if (reach && d != null && d.vote().leader() == id && d.round() == leading.round()) {
                    with.add(other);
                }
            }
            if (verifier.containsQuorum(with)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** Every live server names the leader, in the leader's round. */
    public boolean settled() {
        Optional<Integer> leader = leader();
        if (leader.isEmpty()) {
            return false;
        }
        long round = fle(leader.get()).decision().round();
        return live().stream().map(id -> fle(id).decision())
                .allMatch(d -> d != null && d.vote().leader() == leader.get() && d.round() == round);
    }

    /** Zab's part (stage 04), played by hand: these servers lost their leader or their quorum. */
    public void lookAgain(String why, int... ids) {
        for (int id : ids) {
            sim.act(id, why, n -> ((FastLeaderElection) n).lookForLeader());
        }
    }

    /** Every live server's one-line state. */
    public String states() {
        return live().stream().map(id -> fle(id).toString()).collect(Collectors.joining("  "));
    }

    /** Servers × (up, state, round, vote, supporters), as an HTML table. */
    public String stateTable() {
        StringBuilder html = new StringBuilder("<table><tr><th>server</th><th>up</th><th>state</th><th>round</th>"
                + "<th>vote: leader</th><th>vote: zxid</th><th>supporters</th></tr>");
        for (int id : sim.nodeIds()) {
            FastLeaderElection fle = fle(id);
            Decision decision = fle.decision();
            Vote vote = decision == null ? fle.proposal() : decision.vote();
            html.append(String.format("<tr><td>%d</td><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>",
                    id, sim.isUp(id) ? "yes" : "no", fle.state(), fle.round(), vote.leader(), Zxid.format(vote.zxid()),
                    decision == null ? "–" : new TreeSet<>(decision.supporters())));
        }
        return html.append("</table>").toString();
    }
}
