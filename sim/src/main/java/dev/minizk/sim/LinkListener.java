package dev.minizk.sim;

/** What a client machine hears from one link it opened; called on the simulator's loop. */
public interface LinkListener {

    /** A message from the server, in the order the server sent it. */
    void onMessage(Object message);

    /** The link is gone: refused, closed by the server, or dropped. Never called for a stall. */
    void onClosed();
}
