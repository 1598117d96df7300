package dev.minizk.peer;

/** A frame from a peer that is not a message of {@link PeerCodec}: the connection is closed with this reason. */
public final class PeerFrameException extends Exception {
    public PeerFrameException(String message) {
        super(message);
    }

    public PeerFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
