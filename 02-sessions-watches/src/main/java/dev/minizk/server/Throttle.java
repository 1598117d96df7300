package dev.minizk.server;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Flow control for one server (ZooKeeper's {@code globalOutstandingLimit}): at most
 * {@code maxInFlight} of its clients' writes and syncs are with the sequencer at once (handed
 * over, not yet committed or synced). Past the bound the server stops reading: a connection's
 * next write waits in that connection, unsubmitted, behind which its other requests wait too,
 * and the connection joins a line; as in-flight requests finish, the connections in line get
 * their turn, one request each, round the line. Nothing grows without bound: each connection's
 * queue is bounded ({@link Connection#MAX_WAITING}), and the leader's proposals by the sum of
 * the servers' bounds.
 */
final class Throttle {
    private final int maxInFlight;
    private final Set<InFlight> inFlight = new HashSet<>();
    /** Connections with held requests, in the order they started waiting; each at most once. */
    private final Set<Connection> line = new LinkedHashSet<>();

    /** A client's write or sync with the sequencer, known by (session, cxid) as its reply is. */
    private record InFlight(long sessionId, int cxid) {
    }

    Throttle(int maxInFlight) {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
    }

    /** Must this connection's next request wait? Yes when full, when it waits already (order), or when others wait (fairness). */
    boolean mustHold(Connection client) {
        return inFlight.size() >= maxInFlight || client.hasHeld() || !line.isEmpty();
    }

    boolean hasRoom() {
        return inFlight.size() < maxInFlight;
    }

    void handedOver(long sessionId, int cxid) {
        if (!inFlight.add(new InFlight(sessionId, cxid))) {
            throw new IllegalStateException("session 0x" + Long.toHexString(sessionId) + " has cxid " + cxid + " in flight twice");
        }
    }

    /** A request finished (committed, synced); false if it was not in flight here (another server's, or forgotten). */
    boolean finished(long sessionId, int cxid) {
        return inFlight.remove(new InFlight(sessionId, cxid));
    }

    void waitInLine(Connection client) {
        line.add(client);
    }

    /** The connection whose turn it is, taken off the line; null if none waits. */
    Connection nextInLine() {
        Iterator<Connection> first = line.iterator();
        if (!first.hasNext()) {
            return null;
        }
        Connection next = first.next();
        first.remove();
        return next;
    }

    /** The server stops serving: what was in flight will never be answered here. */
    void clear() {
        inFlight.clear();
        line.clear();
    }

    int inFlight() {
        return inFlight.size();
    }

    int maxInFlight() {
        return maxInFlight;
    }
}
