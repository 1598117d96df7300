package dev.minizk.recipes;

import dev.minizk.client.Created;
import dev.minizk.client.ZkClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Curator's protected create, on the asynchronous client: the node's name carries a GUID
 * ({@code _c_<guid>-<name>}), so when a create fails with CONNECTIONLOSS (it may or may not have
 * been applied) the client lists the parent and finds its node again instead of creating a
 * second one. A second node would be an orphan: a lock node nobody releases, a waiter that
 * blocks everyone behind it until its session ends. Missing parents are created as containers
 * (the server deletes a container once its last child is gone), as Curator's
 * {@code creatingParentContainersIfNeeded} does.
 */
public final class ProtectedCreate {
    /** Bound on tries: each try waits for a reconnect, so this is far more than a live session needs. */
    static final int MAX_ATTEMPTS = 50;

    private ProtectedCreate() {
    }

    /**
     * Creates {@code parent/_c_<guid>-<name>} (plus the sequence number, for a sequential mode).
     * Completes with the node's path and Stat; fails with SESSIONEXPIRED when the session ends,
     * or with the server's error for anything else.
     */
    public static CompletableFuture<Created> create(ZkClient client, String parent, String guid, String name,
                                                    byte[] data, CreateMode mode) {
        String path = parent + "/" + LockNodes.protectedName(guid, name);
        CompletableFuture<Created> result = new CompletableFuture<>();
        attempt(client, parent, guid, path, data, mode, 1, result);
        return result;
    }

    private static void attempt(ZkClient client, String parent, String guid, String path, byte[] data, CreateMode mode,
                                int attempt, CompletableFuture<Created> result) {
        if (attempt > MAX_ATTEMPTS) {
            result.completeExceptionally(new KeeperException(ErrorCode.CONNECTIONLOSS, path,
                    "gave up after " + MAX_ATTEMPTS + " tries"));
            return;
        }
        client.createAsync(path, data, Acl.OPEN_ACL_UNSAFE, mode).whenComplete((created, failure) -> {
            if (failure == null) {
                result.complete(created);
                return;
            }
            // BEGIN SOLUTION 06.2
            ErrorCode code = Outcomes.codeOf(failure);
            if (code == ErrorCode.NONODE) {
                createParents(client, parent).whenComplete((ignored, parentFailure) -> {
                    if (parentFailure != null && !Outcomes.isConnectionLoss(parentFailure)) {
                        result.completeExceptionally(Outcomes.unwrap(parentFailure));
                    } else {
                        attempt(client, parent, guid, path, data, mode, attempt + 1, result);
                    }
                });
            } else if (Outcomes.isConnectionLoss(failure)) {
                findOwn(client, parent, guid, path, data, mode, attempt, result);
            } else {
                result.completeExceptionally(Outcomes.unwrap(failure));
            }
            // STUB: result.completeExceptionally(Outcomes.unwrap(failure));
            // END SOLUTION
        });
    }

    /** After a CONNECTIONLOSS: did the create happen? The GUID in the name says which child is ours. */
    private static void findOwn(ZkClient client, String parent, String guid, String path, byte[] data, CreateMode mode,
                                int attempt, CompletableFuture<Created> result) {
        // BEGIN SOLUTION 06.2
        client.getChildrenAsync(parent, false).whenComplete((children, failure) -> {
            if (failure != null) {
                ErrorCode code = Outcomes.codeOf(failure);
                if (code == ErrorCode.NONODE) {
                    attempt(client, parent, guid, path, data, mode, attempt + 1, result); // no parent: nothing was made
                } else if (Outcomes.isConnectionLoss(failure)) {
                    findOwn(client, parent, guid, path, data, mode, attempt + 1, result); // create again only once we know
                } else {
                    result.completeExceptionally(Outcomes.unwrap(failure));
                }
                return;
            }
            Optional<String> own = LockNodes.findByGuid(children, guid);
            if (own.isEmpty()) {
                attempt(client, parent, guid, path, data, mode, attempt + 1, result);
                return;
            }
            String ownPath = parent + "/" + own.get();
            client.existsAsync(ownPath, false).whenComplete((stat, statFailure) -> {
                if (statFailure != null || stat == null) {
                    findOwn(client, parent, guid, path, data, mode, attempt + 1, result);
                } else {
                    result.complete(new Created(ownPath, stat));
                }
            });
        });
        // END SOLUTION
    }

    /** Creates every missing ancestor of {@code path} as a container; NODEEXISTS is fine. */
    static CompletableFuture<Void> createParents(ZkClient client, String path) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        int from = 1;
        while (from > 0 && from <= path.length()) {
            int slash = path.indexOf('/', from);
            String ancestor = slash < 0 ? path : path.substring(0, slash);
            chain = chain.thenCompose(ignored -> client.createAsync(ancestor, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.CONTAINER)
                    .handle((created, failure) -> {
                        if (failure != null && Outcomes.codeOf(failure) != ErrorCode.NODEEXISTS) {
                            throw new java.util.concurrent.CompletionException(Outcomes.unwrap(failure));
                        }
                        return null;
                    }));
            from = slash < 0 ? -1 : slash + 1;
        }
        return chain;
    }

    /** The children list of a parent that may not exist yet: empty then. */
    static CompletableFuture<List<String>> childrenOrNone(ZkClient client, String parent) {
        return client.getChildrenAsync(parent, false).handle((children, failure) -> {
            if (failure == null) {
                return children;
            }
            if (Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                return List.of();
            }
            throw new java.util.concurrent.CompletionException(Outcomes.unwrap(failure));
        });
    }
}
