package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.proto.Request;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A FIFO queue: items are PERSISTENT_SEQUENTIAL nodes {@code queue/items/qn-NNNNNNNNNN}, taken
 * in sequence order. Taking an item is one multi: delete the item and create a claim
 * {@code queue/claims/qn-NNNNNNNNNN} holding the consumer's id. Exactly one consumer's multi
 * succeeds (the others get NONODE and try the next item), and after a CONNECTIONLOSS the consumer
 * reads the claim to learn whether the take happened: an item is taken exactly once even when
 * the answer is lost. (Curator's {@code SimpleDistributedQueue} deletes without a claim, so a lost
 * answer can lose an item.) Claims are left for the application to clean up.
 */
public final class FifoQueue {
    static final String ITEM = "qn-";
    static final int MAX_WAITING_TAKES = 10_000;

    private final ZkClient client;
    private final String items;
    private final String claims;
    private final String consumerId;
    private final Queue<CompletableFuture<byte[]>> waiting = new ArrayDeque<>();
    /** One take chain at a time: list → claim → next; a child event wakes it only when it waits. */
    private boolean taking;
    private boolean listing;

    public FifoQueue(ZkClient client, String path, String consumerId) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        ExclusiveLock.requireLockPath(path);
        this.items = path + "/items";
        this.claims = path + "/claims";
        this.consumerId = Objects.requireNonNull(consumerId, "consumerId must not be null");
    }

    /** Creates the queue's folders; NODEEXISTS is fine. */
    public CompletableFuture<Void> create() {
        return createPersistent(items).thenCompose(ignored -> createPersistent(claims));
    }

    private CompletableFuture<Void> createPersistent(String path) {
        return ProtectedCreate.createParents(client, DistributedCounter.parentOf(path))
                .thenCompose(ignored -> client.createAsync(path, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                        .handle((created, failure) -> {
                            if (failure != null && Outcomes.codeOf(failure) != ErrorCode.NODEEXISTS) {
                                throw new java.util.concurrent.CompletionException(Outcomes.unwrap(failure));
                            }
                            return null;
                        }));
    }

    /** Appends an item; completes with its node name. */
    public CompletableFuture<String> offer(byte[] item) {
        return client.createAsync(items + "/" + ITEM, item, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)
                .thenApply(created -> created.path().substring(items.length() + 1));
    }

    /** The head item, once there is one; takes are served in the order they were asked for. */
    public CompletableFuture<byte[]> take() {
        if (waiting.size() >= MAX_WAITING_TAKES) {
            throw new IllegalStateException("more than " + MAX_WAITING_TAKES + " takes waiting on one queue object");
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        waiting.add(result);
        if (!taking) {
            taking = true;
            tryTake();
        }
        return result;
    }

    private void tryTake() {
        if (waiting.isEmpty()) {
            taking = false;
            return;
        }
        listing = true;
        // BEGIN SOLUTION 06.6
        client.getChildrenAsync(items, NodeWatcher.onChange(() -> {
            if (!listing) {
                tryTake(); // we were waiting for an item
            }
        })).whenComplete((children, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    tryTake();
                } else {
                    waiting.poll().completeExceptionally(Outcomes.unwrap(failure));
                    tryTake();
                }
                return;
            }
            List<String> sorted = LockNodes.sorted(children, ITEM);
            if (!sorted.isEmpty()) {
                claim(sorted, 0);
            } else {
                listing = false; // the child watch calls tryTake when an item comes
            }
        });
        // END SOLUTION
    }

    /** Takes sorted[index], or the next one if another consumer was first. */
    private void claim(List<String> sorted, int index) {
        if (index >= sorted.size()) {
            tryTake();
            return;
        }
        String name = sorted.get(index);
        client.getDataAsync(items + "/" + name, false).whenComplete((data, readFailure) -> {
            if (readFailure != null) {
                claim(sorted, index + 1); // taken meanwhile (NONODE), or try the next after a loss
                return;
            }
            List<Request> ops = List.of(new Request.Delete(items + "/" + name, -1),
                    ZkClient.createRequest(claims + "/" + name, consumerId.getBytes(StandardCharsets.UTF_8),
                            Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, -1));
            client.multiAsync(ops).whenComplete((results, failure) -> {
                if (failure == null) {
                    taken(data.data());
                } else if (Outcomes.isConnectionLoss(failure)) {
                    checkClaim(sorted, index, data.data());
                } else if (Outcomes.isSessionOver(failure)) {
                    waiting.poll().completeExceptionally(Outcomes.unwrap(failure));
                    tryTake();
                } else {
                    claim(sorted, index + 1); // another consumer took it first
                }
            });
        });
    }

    /** After a lost answer: the claim says whether our multi was applied. */
    private void checkClaim(List<String> sorted, int index, byte[] item) {
        client.getDataAsync(claims + "/" + sorted.get(index), false).whenComplete((claim, failure) -> {
            if (failure != null && Outcomes.isConnectionLoss(failure)) {
                checkClaim(sorted, index, item);
            } else if (failure == null && consumerId.equals(new String(claim.data(), StandardCharsets.UTF_8))) {
                taken(item);
            } else if (failure != null && Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                claim(sorted, index); // not applied: try the same item again
            } else {
                claim(sorted, index + 1); // someone else's claim
            }
        });
    }

    private void taken(byte[] item) {
        waiting.poll().complete(item);
        tryTake();
    }
}
