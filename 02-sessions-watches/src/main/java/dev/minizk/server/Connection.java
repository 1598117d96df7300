package dev.minizk.server;

import dev.minizk.acl.AuthInfo;

/**
 * One client connection as the server sees it: which session it carries and who it has
 * authenticated as. Watches belong to a connection (a client re-registers them after it
 * reconnects), ephemerals to a session.
 */
final class Connection {
    private final long id;
    private final AuthInfo auth;
    private long sessionId;

    Connection(long id, String clientAddress) {
        this.id = id;
        this.auth = new AuthInfo(clientAddress);
    }

    long id() {
        return id;
    }

    AuthInfo auth() {
        return auth;
    }

    long sessionId() {
        return sessionId;
    }

    void attach(long sessionId) {
        this.sessionId = sessionId;
    }

    boolean hasSession() {
        return sessionId != 0;
    }
}
