package dev.minizk.fault;

/**
 * A fault that cannot be injected as asked: a bad server id, a dead pid, no ensemble. The
 * message is one line for a person; {@link #parameter} names the input to blame, if one is.
 */
public final class FaultException extends Exception {
    private final String parameter;

    public FaultException(String parameter, String message) {
        super(message, null, false, false); // an answer for a person, not a bug: no stack trace
        this.parameter = parameter;
    }

    /** {@code servers}, {@code others} or {@code action}; null when no one input is to blame. */
    public String parameter() {
        return parameter;
    }
}
