package dev.minizk.txn;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The sessions that exist, with their negotiated timeouts: replicated state, like the tree.
 * A createSession txn adds a session and a closeSession txn removes it, when they are
 * applied, so every server that applies the same txns knows the same sessions (ZooKeeper's
 * {@code ZKDatabase.sessionsWithTimeouts}). Whether a session is still alive is not here:
 * expiry is decided by one server's clock (the standalone server's, an ensemble's leader's),
 * which then writes a closeSession txn.
 *
 * <p>Not in {@link dev.minizk.tree.TreeSnapshot} yet: a snapshot restores the tree only. The
 * durable snapshots of stage 05 write this table next to the tree, as ZooKeeper's do.
 */
public final class SessionTable {
    private final Map<Long, Integer> timeouts = new HashMap<>();

    /**
     * A table holding exactly these sessions (id to timeout in ms): what a server installs with a
     * whole copy of another server's state (an ensemble's SNAP sync in stage 04).
     */
    public static SessionTable of(Map<Long, Integer> sessions) {
        SessionTable table = new SessionTable();
        table.timeouts.putAll(sessions);
        return table;
    }

    /** Applying a createSession txn; applying one again (a replay) changes nothing. */
    void add(long sessionId, int timeoutMillis) {
        timeouts.put(sessionId, timeoutMillis);
    }

    /** Applying a closeSession txn; a session that is not here (a replay) is fine. */
    void remove(long sessionId) {
        timeouts.remove(sessionId);
    }

    public boolean contains(long sessionId) {
        return timeouts.containsKey(sessionId);
    }

    /** The session's negotiated timeout in ms, or -1 if there is no such session. */
    public int timeoutMillisOf(long sessionId) {
        return timeouts.getOrDefault(sessionId, -1);
    }

    public int size() {
        return timeouts.size();
    }

    /** Session id to timeout in ms, read-only. */
    public Map<Long, Integer> asMap() {
        return Collections.unmodifiableMap(timeouts);
    }

    @Override
    public String toString() {
        return "SessionTable" + timeouts;
    }
}
