package dev.minizk.client;

import dev.minizk.proto.ServerMessage;

/**
 * What a transport tells the client about one connection. A runtime calls these on the client's
 * loop (see {@link ClientRuntime#execute}), never concurrently.
 */
public interface TransportListener {

    /** A message from the server, in the order the server sent it. */
    void onMessage(ServerMessage message);

    /** The connection is gone: refused, closed by the server, or broken. */
    void onClosed();
}
