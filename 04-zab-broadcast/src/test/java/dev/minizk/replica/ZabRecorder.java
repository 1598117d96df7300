package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.ZabEvents;
import dev.minizk.zabcheck.Commit;
import dev.minizk.zabcheck.Delivery;
import dev.minizk.zabcheck.Establishment;
import dev.minizk.zabcheck.Proposal;
import dev.minizk.zabcheck.ServerLog;
import dev.minizk.zabcheck.ZabRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Records what Zab's checker needs from a simulated run, surviving crashes: per server
 * incarnation (and per snapshot it installed) the txns it delivered, every establishment,
 * proposal and commit. A server that installs a leader's snapshot starts a new log segment
 * ({@code "s2#1.1"}) whose snapshot zxid tells the checker what it cannot see inside.
 */
final class ZabRecorder implements ZabEvents {

    /** One log segment: a server incarnation from its start or from a snapshot on. */
    private static final class Segment {
        final String name;
        final int server;
        final long snapshotZxid;
        final List<Delivery> delivered = new ArrayList<>();

        Segment(String name, int server, long snapshotZxid) {
            this.name = name;
            this.server = server;
            this.snapshotZxid = snapshotZxid;
        }
    }

    private final Map<String, Segment> segments = new LinkedHashMap<>();
    private final Map<Integer, Segment> current = new HashMap<>();
    private final Map<Integer, Integer> incarnations = new HashMap<>();
    private final Map<String, Integer> snapshotsPerIncarnation = new HashMap<>();
    final List<Establishment> establishments = new ArrayList<>();
    final List<Proposal> proposals = new ArrayList<>();
    final List<Commit> commits = new ArrayList<>();
    /** Per server, the role changes in order ("FOLLOWING: elected 3 in round 1"). */
    final Map<Integer, List<String>> roles = new HashMap<>();
    int snapshotsInstalled;

    @Override
    public void started(int server) {
        int incarnation = incarnations.merge(server, 1, Integer::sum);
        open(new Segment("s" + server + "#" + incarnation, server, 0));
    }

    @Override
    public void snapshotInstalled(int server, long zxid) {
        String incarnation = "s" + server + "#" + incarnations.get(server);
        int n = snapshotsPerIncarnation.merge(incarnation, 1, Integer::sum);
        open(new Segment(incarnation + "." + n, server, zxid));
        snapshotsInstalled++;
    }

    private void open(Segment segment) {
        segments.put(segment.name, segment);
        current.put(segment.server, segment);
    }

    @Override
    public void delivered(int server, LoggedTxn txn) {
        current.get(server).delivered.add(new Delivery(txn.header().zxid(), describe(txn)));
    }

    @Override
    public void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
        establishments.add(new Establishment(epoch, leader, historyZxid, longs(ackers)));
    }

    @Override
    public void proposed(int leader, LoggedTxn txn) {
        proposals.add(new Proposal(txn.header().zxid(), describe(txn), leader));
    }

    @Override
    public void committed(int leader, long zxid, Set<Integer> ackers) {
        commits.add(new Commit(zxid, leader, longs(ackers)));
    }

    @Override
    public void roleChanged(int server, String role, String why) {
        roles.computeIfAbsent(server, s -> new ArrayList<>()).add(role + ": " + why);
    }

    ZabRun run(QuorumVerifier verifier) {
        List<ServerLog> logs = new ArrayList<>();
        for (Segment s : segments.values()) {
            logs.add(new ServerLog(s.name, s.server, s.snapshotZxid, s.delivered));
        }
        return new ZabRun(logs, establishments, proposals, commits,
                acks -> verifier.containsQuorum(acks.stream().map(Long::intValue).collect(Collectors.toSet())));
    }

    /** The zxids server {@code id}'s current incarnation delivered since its last snapshot. */
    List<Long> deliveredZxids(int server) {
        return current.get(server).delivered.stream().map(Delivery::zxid).toList();
    }

    /** A txn's identity, equal for the same txn on every server. */
    static String describe(LoggedTxn txn) {
        String path = txn.txn().path();
        return txn.txn().getClass().getSimpleName() + (path == null ? "" : " " + path)
                + " by " + Long.toHexString(txn.header().sessionId()) + ":" + txn.header().cxid();
    }

    private static Set<Long> longs(Set<Integer> ids) {
        return ids.stream().map(Integer::longValue).collect(Collectors.toCollection(TreeSet::new));
    }
}
