package dev.minizk.wire;

/**
 * A frame that does not decode as the record it should hold: truncated, a negative or
 * oversized length inside it, an op the record cannot carry. The runtime answers it by
 * closing that one connection; nothing else is disturbed.
 */
public final class MalformedFrameException extends Exception {
    public MalformedFrameException(String message) {
        super(message);
    }
}
