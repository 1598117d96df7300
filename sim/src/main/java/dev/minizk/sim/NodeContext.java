package dev.minizk.sim;

import java.util.Random;

/**
 * Everything a {@link Node} may do to the outside world. The simulator implements it with a
 * virtual clock, a faulty network and a {@link SimDisk}; the final system with the wall clock,
 * TCP and files.
 */
public interface NodeContext<M> {

    /** This server's id. */
    int id();

    /**
     * This node's clock in ms. Clocks of different nodes may disagree (an offset) and run at
     * slightly different rates: compare times only with times read on the same node.
     */
    long now();

    /**
     * Sends a message. It may be delayed, lost, duplicated or reordered; it is never corrupted.
     * Sending to oneself or to an id that is not a node is allowed (the message is dropped).
     */
    void send(int to, M message);

    /** Asks for {@link Node#onTimer} with {@code tag} after {@code delayMillis} of this node's clock. */
    TimerId setTimer(long delayMillis, TimerTag tag);

    /** Cancels a timer; cancelling one that fired or was cancelled already does nothing. */
    void cancelTimer(TimerId timer);

    /** This server's disk. */
    Storage storage();

    /** A random source for this node, itself decided by the run's seed. */
    Random random();

    /** Writes a line to the timeline (the simulator's) or the log (the real runtime's). */
    void trace(String what);
}
