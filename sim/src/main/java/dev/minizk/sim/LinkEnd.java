package dev.minizk.sim;

/**
 * One end of a {@link StreamLink}: what a client machine or a server holds, like a socket.
 * Messages sent on it arrive at the other end in order, or not at all.
 */
public interface LinkEnd {

    /** The link's id, unique within the run (servers name connections by it). */
    long linkId();

    /** Sends a message to the other end; lost silently if the link is closed or stalled. */
    void send(Object message);

    /** Closes the link; the other end hears of it (unless the link is stalled). */
    void close();

    /**
     * The other end's address (for ip ACLs), when the link knows it: a real TCP connection does;
     * a simulated one does not (null), and its server gives every client one address.
     */
    default String remoteAddress() {
        return null;
    }
}
