package dev.minizk.zabcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records a run for the Zab checker as it happens: a stage calls it where its servers establish,
 * propose, commit and deliver, and where a server restarts empty or receives a snapshot (each of
 * which begins a new log for that server, since what it delivered before is gone or covered).
 */
public final class ZabRecorder {
    private record Segment(String name, long serverId, long snapshotZxid, List<Delivery> delivered) {
    }

    private final List<Establishment> establishments = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<Commit> commits = new ArrayList<>();
    /** Every log segment, in the order they began. */
    private final List<Segment> segments = new ArrayList<>();
    /** Per server, its current segment. */
    private final Map<Long, Segment> current = new LinkedHashMap<>();

    public void established(long epoch, long leader, long historyZxid, Set<Long> ackers) {
        establishments.add(new Establishment(epoch, leader, historyZxid, ackers));
    }

    public void proposed(long zxid, String txn, long leader) {
        proposals.add(new Proposal(zxid, txn, leader));
    }

    public void committed(long zxid, long leader, Set<Long> ackers) {
        commits.add(new Commit(zxid, leader, ackers));
    }

    public void delivered(long serverId, long zxid, String txn) {
        segment(serverId).delivered().add(new Delivery(zxid, txn));
    }

    /** The server came back empty: its next deliveries are a new log. */
    public void restarted(long serverId) {
        begin(serverId, 0);
    }

    /** The server received the whole state as of {@code zxid} (SNAP): its next deliveries follow it. */
    public void snapshotReceived(long serverId, long zxid) {
        begin(serverId, zxid);
    }

    public ZabRun run(Quorum quorum) {
        List<ServerLog> logs = new ArrayList<>();
        for (Segment s : segments) {
            logs.add(new ServerLog(s.name(), s.serverId(), s.snapshotZxid(), s.delivered()));
        }
        return new ZabRun(logs, establishments, proposals, commits, quorum);
    }

    private Segment segment(long serverId) {
        Segment segment = current.get(serverId);
        return segment != null ? segment : begin(serverId, 0);
    }

    private Segment begin(long serverId, long snapshotZxid) {
        long earlier = segments.stream().filter(s -> s.serverId() == serverId).count();
        String name = earlier == 0 ? "s" + serverId : "s" + serverId + "#" + earlier;
        Segment segment = new Segment(name, serverId, snapshotZxid, new ArrayList<>());
        segments.add(segment);
        current.put(serverId, segment);
        return segment;
    }
}
