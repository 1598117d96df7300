package dev.minizk.client;

import dev.minizk.proto.Request;

/** One open connection to a server. Messages sent on it arrive in order (FIFO), or not at all. */
public interface TransportConnection {

    void send(int xid, Request request);

    /** Closes the connection; the listener hears nothing more from it. */
    void close();
}
