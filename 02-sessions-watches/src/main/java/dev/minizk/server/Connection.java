package dev.minizk.server;

import dev.minizk.acl.AuthInfo;
import dev.minizk.proto.Request;

import java.util.ArrayDeque;

/**
 * One client connection as the server sees it: which session it carries, who it has
 * authenticated as, and its requests still waiting for an answer. Watches belong to a
 * connection (a client re-registers them after it reconnects), ephemerals to a session.
 *
 * <p>The waiting requests keep ZooKeeper's rule for one session ({@code CommitProcessor}): a
 * write waits for its commit, and every request behind it waits too, so the client sees its
 * answers in the order it asked and a read after a write sees that write.
 */
final class Connection {
    /** More requests waiting than any well-behaved client keeps outstanding (ZooKeeper's global limit is 1,000). */
    static final int MAX_WAITING = 10_000;

    /** A request that waits for its answer: a write for its commit, a read for the writes before it. */
    record Waiting(int xid, Request request, boolean write) {
    }

    private final long id;
    private final AuthInfo auth;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Its writes and syncs not yet handed to the sequencer, oldest first: the server stopped reading them (flow control). */
    private final ArrayDeque<WriteRequest> held = new ArrayDeque<>();
    private long sessionId;

    Connection(long id, String clientAddress) {
        this.id = id;
        this.auth = new AuthInfo(clientAddress);
    }

    long id() {
        return id;
    }

    AuthInfo auth() {
        return auth;
    }

    long sessionId() {
        return sessionId;
    }

    void attach(long sessionId) {
        this.sessionId = sessionId;
    }

    boolean hasSession() {
        return sessionId != 0;
    }

    /** Whether a write of this connection is still waiting for its commit (and so a read must wait too). */
    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** Queues a request behind the ones waiting; false if the queue is full. */
    boolean enqueue(Waiting request) {
        if (waiting.size() >= MAX_WAITING) {
            return false;
        }
        waiting.addLast(request);
        return true;
    }

    /** The oldest waiting request, or null. */
    Waiting peekWaiting() {
        return waiting.peekFirst();
    }

    Waiting pollWaiting() {
        return waiting.pollFirst();
    }

    /** Keeps a write (or sync) back until the server has room; each one also waits in {@link #enqueue}'s queue, so the bound holds. */
    void hold(WriteRequest write) {
        held.addLast(write);
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    WriteRequest takeHeld() {
        return held.pollFirst();
    }
}
