package dev.minizk.zabcheck;

import java.util.List;
import java.util.Objects;

/**
 * What one server (one incarnation of it: a restarted server that came back empty is a new log,
 * say {@code "s2#1"}) delivered, in delivery order. {@code snapshotZxid} is the zxid of the
 * state it received whole (a SNAP sync) before its first delivery, 0 if none: the checker cannot
 * see the txns inside a snapshot, so it holds the log responsible only for txns above it.
 */
public record ServerLog(String server, int serverId, long snapshotZxid, List<Delivery> delivered) {
    public ServerLog {
        Objects.requireNonNull(server, "server");
        if (snapshotZxid < 0) {
            throw new IllegalArgumentException(server + ": snapshotZxid must be >= 0, got " + snapshotZxid);
        }
        delivered = List.copyOf(delivered);
    }

    /** A server that delivered every txn itself (no snapshot). */
    public static ServerLog of(int serverId, Delivery... delivered) {
        return new ServerLog("s" + serverId, serverId, 0, List.of(delivered));
    }

    /** Whether this log is answerable for the txn with this zxid: it is above the snapshot. */
    boolean covers(long zxid) {
        return zxid > snapshotZxid;
    }
}
