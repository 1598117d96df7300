package dev.minizk.sim;

/**
 * A server as a deterministic state machine. It is driven by events and acts only through its
 * {@link NodeContext}: it never reads a clock, opens a socket, touches a file or starts a thread.
 * The simulator drives many nodes on one thread and a virtual clock; the real runtime of the
 * final system drives one node per process with TCP, files and the wall clock. Both call the
 * same methods, one at a time, never concurrently.
 *
 * <p>A crash throws the node object away; a restart builds a new one with the
 * {@link NodeFactory} and calls {@link #start} again. What the node wants to survive a crash it
 * must write to {@link NodeContext#storage()} and sync.
 *
 * @param <M> the family of messages nodes of this kind exchange (a sealed interface or a record)
 */
public interface Node<M> {

    /** The first event of every incarnation. Keep the context: it is the node's only way out. */
    void start(NodeContext<M> context);

    /**
     * A message arrived. {@code from} is the sender's id as the network saw it (a peer may
     * still put a different id inside the message: believe the network).
     */
    void onMessage(int from, M message);

    /** A timer set with {@link NodeContext#setTimer} fired (and was not cancelled). */
    void onTimer(TimerTag tag);

    /**
     * The connection to {@code peer} broke (with {@link NetworkFaults#connections}): whatever this
     * node sent on it and was not delivered yet is lost, and so is what the peer sent. The peer
     * learns it too. The next message to the peer opens a new connection. Never called on a
     * network without connections, where messages are lost one by one without telling anyone.
     */
    default void onPeerLinkBroken(int peer) {
    }

    /** Everything written to the file before {@link Storage#sync} was called is now durable. */
    default void onSyncCompleted(SyncId sync) {
    }
}
