package dev.minizk.server;

import dev.minizk.proto.ServerMessage;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;

/**
 * Everything a server may do to the outside world. The server is a deterministic state
 * machine: it never reads a clock, opens a socket or starts a thread itself. A runtime
 * implements this interface: the in-process network of the tests (a virtual clock and
 * queues), or the real runtime of the final system (the wall clock and TCP).
 */
public interface ServerContext {

    /** The current time in ms, as the runtime's clock says. */
    long now();

    /** Queues a message to a client connection; messages to one connection arrive in order. */
    void send(long connection, ServerMessage message);

    /** Closes a client connection, after the messages already sent to it. */
    void close(long connection);

    /**
     * Asks for {@link ClientFacingServer#onTimer(TimerTag)} with {@code tag} after {@code delayMillis};
     * the same timer API as the simulator's nodes. The id cancels it.
     */
    TimerId setTimer(long delayMillis, TimerTag tag);

    /** Cancels a timer that has not fired; a timer that fired or was cancelled already is ignored. */
    void cancelTimer(TimerId timer);
}
