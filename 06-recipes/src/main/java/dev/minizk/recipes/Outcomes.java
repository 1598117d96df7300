package dev.minizk.recipes;

import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed call of the client means to a recipe. */
final class Outcomes {
    private Outcomes() {
    }

    /** The ZooKeeper error code of a future's failure, or null when the failure is not a {@link KeeperException}. */
    static ErrorCode codeOf(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof KeeperException e ? e.code() : null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whether the call's outcome is unknown and the session may live on: look again, then retry. */
    static boolean isConnectionLoss(Throwable failure) {
        ErrorCode code = codeOf(failure);
        return code == ErrorCode.CONNECTIONLOSS || code == ErrorCode.REQUESTTIMEOUT;
    }

    /** Whether the session is over: every ephemeral node of it is gone, every later call fails. */
    static boolean isSessionOver(Throwable failure) {
        ErrorCode code = codeOf(failure);
        return code == ErrorCode.SESSIONEXPIRED || code == ErrorCode.AUTHFAILED;
    }
}
