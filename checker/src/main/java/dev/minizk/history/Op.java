package dev.minizk.history;

import java.util.Objects;

/**
 * One client call: who (the session id), what, when it was invoked and when its outcome reached
 * the client. Times are any clock common to all clients whose values never repeat between a
 * session's replies and events (a simulator's step counter is ideal; virtual millis work when
 * they are distinct). For an unknown outcome, {@code completedAt} is when the client gave up.
 */
public record Op(long session, Command command, long invokedAt, long completedAt, Outcome outcome) {
    public Op {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(outcome, "outcome");
        if (completedAt < invokedAt) {
            throw new IllegalArgumentException(command.describe() + ": completed at " + completedAt
                    + " before it was invoked at " + invokedAt);
        }
    }

    /** The zxid its reply carried, or -1 when there was no reply. */
    public long zxid() {
        if (outcome instanceof Outcome.Ok ok) {
            return ok.zxid();
        }
        if (outcome instanceof Outcome.Failed failed) {
            return failed.zxid();
        }
        return -1;
    }

    public boolean hasReply() {
        return !(outcome instanceof Outcome.Unknown);
    }
}
