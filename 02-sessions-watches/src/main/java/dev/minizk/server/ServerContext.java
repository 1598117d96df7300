package dev.minizk.server;

import dev.minizk.proto.ServerMessage;

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

    /** Asks for {@link StandaloneServer#onTimer(ServerTimer)} to be called after {@code delayMillis}. */
    void setTimer(long delayMillis, ServerTimer timer);
}
