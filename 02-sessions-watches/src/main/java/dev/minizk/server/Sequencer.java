package dev.minizk.server;

/**
 * The seam between what every server does for its own clients and what is replicated: the
 * {@link RequestPipeline} hands every write here, and the sequencer puts it into the one order
 * of txns. Each committed txn then comes back to every server's pipeline through
 * {@link CommitListener#committed}, in zxid order, where it is applied.
 *
 * <p>Implementations:
 * <ul>
 * <li>{@link LocalSequencer} (the standalone server): preps the write, gives it the next zxid and
 * commits it at once, before {@link #submit} returns;</li>
 * <li>an ensemble's leader (stage 04): preps, gives the zxid, proposes it to the followers and
 * commits it when a quorum has acknowledged it, later;</li>
 * <li>a follower (stage 04): forwards the write to the leader and commits what the leader tells it
 * to, later.</li>
 * </ul>
 * The contract for all of them: a write is committed at most once, with a zxid above every
 * zxid committed before it; the writes of one session are committed in the order they were
 * submitted; a write that fails prep (a missing node, a bad version, no permission) still
 * commits, as an error txn, so its client gets an answer.
 */
public interface Sequencer {

    /** Orders one write. It may be committed before this returns, or later, never twice. */
    void submit(WriteRequest write);

    /**
     * A client's {@code sync}: runs {@code done} once every write this sequencer ordered before
     * the sync (on an ensemble: every proposal the leader issued before the sync reached it) is
     * applied on this server. A server that orders its writes itself is always in sync: at once.
     */
    default void sync(long sessionId, int cxid, Runnable done) {
        done.run();
    }

    /**
     * Does this server order the writes (the standalone server, an ensemble's established
     * leader)? Only then does it make writes of its own (a session's expiry, a container
     * reaped): on any other server they would duplicate the leader's.
     */
    default boolean leads() {
        return true;
    }
}
