package dev.minizk.client;

import dev.minizk.proto.ConnectRequest;

/** How a client reaches servers: in-process here, TCP in the final system. */
public interface Transport {

    /**
     * Opens a connection and sends the handshake as its first message. Never blocks and never
     * calls the listener from inside this method: a refused connection is reported later with
     * {@link TransportListener#onClosed()}.
     */
    TransportConnection open(ConnectRequest handshake, TransportListener listener);
}
