package dev.minizk.proto;

/**
 * The first message of a connection.
 *
 * @param lastZxidSeen the highest zxid this client saw in any reply; a server behind it must refuse
 * @param timeout      the session timeout the client asks for, in ms
 * @param sessionId    0 for a new session, else the session to resume
 * @param password     16 bytes: zeros for a new session, else what the server issued
 * @param readOnly     whether the client accepts a read-only server
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeout, long sessionId,
                             byte[] password, boolean readOnly) {

    public static ConnectRequest newSession(int timeout) {
        return new ConnectRequest(0, 0, timeout, 0, new byte[16], false);
    }
}
