package dev.minizk.server;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
    /** Where a request goes once it may: the sequencer. */
    private final Consumer<WriteRequest> handOver;
    private final Set<InFlight> inFlight = new HashSet<>();
    private boolean resuming;
    /** Connections with held requests, in the order they started waiting; each at most once. */
    private final Set<Connection> line = new LinkedHashSet<>();

    /** A client's write or sync with the sequencer, known by (session, cxid) as its reply is. */
    private record InFlight(long sessionId, int cxid) {
    }

    Throttle(int maxInFlight, Consumer<WriteRequest> handOver) {
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.handOver = handOver;
    }

    /**
     * A client's write or sync: handed over now, or held in its connection. It waits when the
     * server is full, when the connection holds requests already (they go in order), or when
     * other connections wait (they came first).
     */
    void order(Connection client, WriteRequest write) {
        if (inFlight.size() >= maxInFlight || client.hasHeld() || !line.isEmpty()) {
            client.hold(write);
            line.add(client);
        } else {
            handOver(write);
        }
    }

    private void handOver(WriteRequest write) {
        if (!inFlight.add(new InFlight(write.sessionId(), write.cxid()))) {
            throw new IllegalStateException("session 0x" + Long.toHexString(write.sessionId()) + " has cxid " + write.cxid()
                    + " in flight twice");
        }
        handOver.accept(write);
    }

    /**
     * A request finished (committed, synced): while there is room, the connections in line
     * ({@code open} ones; a closed one's requests went with it) get their turn, one request
     * each, round the line. A request not in flight here (another server's) changes nothing.
     */
    void finished(long sessionId, int cxid, Predicate<Connection> open) {
        if (!inFlight.remove(new InFlight(sessionId, cxid)) || resuming) {
            return; // not ours, or the loop below runs already (a sequencer that commits at once calls back into it)
        }
        resuming = true;
        try {
            while (inFlight.size() < maxInFlight) {
                Connection next = nextInLine();
                if (next == null) {
                    break;
                }
                if (!open.test(next)) {
                    continue;
                }
                WriteRequest write = next.takeHeld();
                if (next.hasHeld()) {
                    line.add(next);
                }
                handOver(write);
            }
        } finally {
            resuming = false;
        }
    }

    /** The connection whose turn it is, taken off the line; null if none waits. */
    private Connection nextInLine() {
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

}
