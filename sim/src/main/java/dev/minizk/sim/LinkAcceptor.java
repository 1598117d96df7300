package dev.minizk.sim;

/**
 * A {@link Node} that serves clients implements this too: the simulator hands it the links
 * that client machines open to its host. A node that does not implement it refuses links.
 * Like every node callback, these run one at a time on the simulator's loop.
 */
public interface LinkAcceptor {

    /** A client opened a link; {@code hello} is its first message (a handshake). */
    void onLinkOpened(LinkEnd link, Object hello);

    /** A message from the client of {@code link}, in the order it was sent. */
    void onLinkMessage(LinkEnd link, Object message);

    /** The client closed the link, or it was dropped. Not called for a stall. */
    void onLinkClosed(LinkEnd link);
}
