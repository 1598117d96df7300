package dev.minizk.replica;

import dev.minizk.election.Decision;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.election.RoundSplits;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.ZabEvents;
import dev.minizk.zabcheck.Commit;
import dev.minizk.zabcheck.Delivery;
import dev.minizk.zabcheck.Establishment;
import dev.minizk.zabcheck.ZabRecorder;
import dev.minizk.zabcheck.ZabRun;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Zab's events of a simulated run, handed to the checker's {@link ZabRecorder} (which keeps a log
 * per server incarnation and per snapshot installed, and survives crashes since it lives outside
 * the servers), plus what only this stage's tests ask: role changes and how many snapshots
 * were installed.
 */
public final class RecordingEvents implements ZabEvents {
    private final ZabRecorder recorder = new ZabRecorder();
    /** Per server, the role changes in order ("FOLLOWING: elected 3 in round 1"). */
    final Map<Integer, List<String>> roles = new HashMap<>();
    int snapshotsInstalled;
    /** Every txn proposed, by zxid (the first proposal of a zxid: two would be a violation the checker reports). */
    private final Map<Long, LoggedTxn> proposedTxns = new HashMap<>();
    /** Every election decision, with the incarnation of the server that made it (counted from 1 by {@link #started}). */
    private final List<RoundSplits.Decided> decisions = new ArrayList<>();
    private final Map<Integer, Integer> incarnations = new HashMap<>();
    /** Every zxid some server delivered: committed, since Zab delivers only committed txns. */
    private final TreeSet<Long> deliveredAnywhere = new TreeSet<>();

    @Override
    public void started(int server) {
        recorder.started(server);
        incarnations.merge(server, 1, Integer::sum);
    }

    @Override
    public void electionDecided(int server, Decision decision) {
        decisions.add(new RoundSplits.Decided(incarnations.getOrDefault(server, 1), decision));
    }

    @Override
    public void snapshotInstalled(int server, long zxid) {
        recorder.snapshotReceived(server, zxid);
        snapshotsInstalled++;
    }

    @Override
    public void delivered(int server, LoggedTxn txn) {
        recorder.delivered(server, txn.header().zxid(), describe(txn));
        deliveredAnywhere.add(txn.header().zxid());
    }

    @Override
    public void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
        recorder.established(epoch, leader, historyZxid, ackers);
    }

    @Override
    public void proposed(int leader, LoggedTxn txn) {
        recorder.proposed(txn.header().zxid(), describe(txn), leader);
        proposedTxns.putIfAbsent(txn.header().zxid(), txn);
    }

    @Override
    public void committed(int leader, long zxid, Set<Integer> ackers) {
        recorder.committed(zxid, leader, ackers);
    }

    @Override
    public void roleChanged(int server, String role, String why) {
        roles.computeIfAbsent(server, s -> new ArrayList<>()).add(role + ": " + why);
    }

    public ZabRun run(QuorumVerifier verifier) {
        return recorder.run(verifier::containsQuorum);
    }

    public List<Establishment> establishments() {
        return recorder.establishments();
    }

    public List<Commit> commits() {
        return recorder.commits();
    }

    /** Every election decision so far, in order. */
    public List<RoundSplits.Decided> decisions() {
        return List.copyOf(decisions);
    }

    /** The committed txns up to {@code zxid}, in order: every txn some server delivered. */
    List<LoggedTxn> committedPrefix(long zxid) {
        return deliveredAnywhere.headSet(zxid, true).stream().map(proposedTxns::get).toList();
    }

    /** The zxids server {@code server}'s current incarnation delivered since its last snapshot. */
    List<Long> deliveredZxids(int server) {
        return recorder.currentLog(server).stream().map(Delivery::zxid).toList();
    }

    /** A txn's identity, equal for the same txn on every server. */
    private static String describe(LoggedTxn txn) {
        String path = txn.txn().path();
        return txn.txn().getClass().getSimpleName() + (path == null ? "" : " " + path)
                + " by " + Long.toHexString(txn.header().sessionId()) + ":" + txn.header().cxid();
    }
}
