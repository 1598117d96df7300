package dev.minizk.zabcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a run for the Zab checker as it happens: a stage calls it where its servers establish,
 * propose, commit and deliver, and where a server starts empty or receives a snapshot (each of
 * which begins a new log for that server, since what it delivered before is gone or covered).
 *
 * <p>A log is named after its server, its incarnation and the snapshots it received in that
 * incarnation: {@code "s2"} is server 2 as it first started, {@code "s2#1"} after its first
 * restart, {@code "s2#1.1"} from the first snapshot that incarnation received on.
 */
public final class ZabRecorder {
    private record Segment(String name, int serverId, int incarnation, int snapshots, long snapshotZxid,
                           List<Delivery> delivered) {
    }

    private final List<Establishment> establishments = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<Commit> commits = new ArrayList<>();
    /** Every log segment, in the order they began. */
    private final List<Segment> segments = new ArrayList<>();
    /** Per server, its current segment. */
    private final Map<Integer, Segment> current = new HashMap<>();

    public void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
        establishments.add(new Establishment(epoch, leader, historyZxid, ackers));
    }

    public void proposed(long zxid, String txn, int leader) {
        proposals.add(new Proposal(zxid, txn, leader));
    }

    public void committed(long zxid, int leader, Set<Integer> ackers) {
        commits.add(new Commit(zxid, leader, ackers));
    }

    public void delivered(int serverId, long zxid, String txn) {
        segment(serverId).delivered().add(new Delivery(zxid, txn));
    }

    /**
     * The server started empty, at boot or after a crash: its next deliveries are a new
     * incarnation's log. (A server that delivers without a {@code started} is in its first.)
     */
    public void started(int serverId) {
        Segment previous = current.get(serverId);
        begin(serverId, previous == null ? 0 : previous.incarnation() + 1, 0, 0);
    }

    /** The server received the whole state as of {@code zxid} (SNAP): its next deliveries follow it. */
    public void snapshotReceived(int serverId, long zxid) {
        Segment previous = segment(serverId);
        begin(serverId, previous.incarnation(), previous.snapshots() + 1, zxid);
    }

    /** Every establishment so far, in the order they happened. */
    public List<Establishment> establishments() {
        return Collections.unmodifiableList(establishments);
    }

    /** Every proposal so far, in send order. */
    public List<Proposal> proposals() {
        return Collections.unmodifiableList(proposals);
    }

    /** Every commit so far, in the order the leaders sent them. */
    public List<Commit> commits() {
        return Collections.unmodifiableList(commits);
    }

    /** What the server's current log delivered: since it last started or received a snapshot. */
    public List<Delivery> currentLog(int serverId) {
        Segment segment = current.get(serverId);
        return segment == null ? List.of() : Collections.unmodifiableList(segment.delivered());
    }

    public ZabRun run(Quorum quorum) {
        List<ServerLog> logs = new ArrayList<>();
        for (Segment s : segments) {
            logs.add(new ServerLog(s.name(), s.serverId(), s.snapshotZxid(), s.delivered()));
        }
        return new ZabRun(logs, establishments, proposals, commits, quorum);
    }

    private Segment segment(int serverId) {
        Segment segment = current.get(serverId);
        return segment != null ? segment : begin(serverId, 0, 0, 0);
    }

    private Segment begin(int serverId, int incarnation, int snapshots, long snapshotZxid) {
        String name = "s" + serverId + (incarnation == 0 ? "" : "#" + incarnation) + (snapshots == 0 ? "" : "." + snapshots);
        Segment segment = new Segment(name, serverId, incarnation, snapshots, snapshotZxid, new ArrayList<>());
        segments.add(segment);
        current.put(serverId, segment);
        return segment;
    }
}
