package dev.minizk.client;

/** Where a client handle is in its life ({@code ZooKeeper.States}, reduced to what the course needs). */
public enum ClientState {
    /** Looking for a server: at the start and after a connection was lost. Calls are queued. */
    CONNECTING,
    /** Has a session on a live connection. */
    CONNECTED,
    /** The server said the session is gone. The handle is dead: every call is SESSIONEXPIRED. */
    EXPIRED,
    /** The server refused an addAuth. The handle is dead: every call is AUTHFAILED. */
    AUTH_FAILED,
    /** The application closed the handle. */
    CLOSED;

    /** Whether the handle can still do anything. */
    public boolean isAlive() {
        return this == CONNECTING || this == CONNECTED;
    }
}
