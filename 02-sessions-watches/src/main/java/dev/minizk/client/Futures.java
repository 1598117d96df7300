package dev.minizk.client;

import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The outcome rules of {@link ClientRuntime#await}, shared by the runtimes. */
public final class Futures {
    private Futures() {
    }

    /**
     * The value of a completed future, or its failure rethrown as it was raised (not wrapped in
     * a CompletionException), so callers catch {@link KeeperException} directly.
     */
    public static <T> T resultOf(CompletableFuture<T> future) {
        if (!future.isDone()) {
            throw new IllegalStateException("the future has not completed");
        }
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeeperException(ErrorCode.CONNECTIONLOSS, null, "interrupted while waiting");
        }
    }

    /** What {@code await} throws when the time runs out before the future completes. */
    public static KeeperException timedOut(long timeoutMillis) {
        return new KeeperException(ErrorCode.REQUESTTIMEOUT, null, "no answer within " + timeoutMillis + " ms");
    }
}
