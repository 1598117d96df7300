package dev.minizk.proto;

/**
 * The server's answer to a {@link ConnectRequest}. A timeout of 0 means the session is
 * gone (expired, closed or never existed, or a wrong password): the client's handle is dead.
 */
public record ConnectResponse(int protocolVersion, int timeout, long sessionId, byte[] password, boolean readOnly) {

    public static ConnectResponse invalidSession() {
        return new ConnectResponse(0, 0, 0, new byte[16], false);
    }

    public boolean isValid() {
        return timeout > 0;
    }
}
