package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.ErrorCode;

import java.util.concurrent.CompletableFuture;

/** Deleting a recipe's own node when the outcome of a try may be unknown. */
final class Deletes {
    static final int MAX_ATTEMPTS = 50;

    private Deletes() {
    }

    /**
     * Deletes the node, trying again after CONNECTIONLOSS (the delete may or may not have been
     * applied; NONODE on a later try means it was). Completes when it is gone or the session ended.
     */
    static CompletableFuture<Void> deleteSurely(ZkClient client, String path) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(client, path, 1, done);
        return done;
    }

    private static void attempt(ZkClient client, String path, int attempt, CompletableFuture<Void> done) {
        client.deleteAsync(path, -1).whenComplete((ignored, failure) -> {
            if (failure == null || Outcomes.codeOf(failure) == ErrorCode.NONODE || Outcomes.isSessionOver(failure)) {
                done.complete(null); // gone; or the session ended, which deletes ephemerals anyway
            } else if (Outcomes.isConnectionLoss(failure) && attempt < MAX_ATTEMPTS) {
                attempt(client, path, attempt + 1, done);
            } else {
                done.completeExceptionally(Outcomes.unwrap(failure));
            }
        });
    }
}
