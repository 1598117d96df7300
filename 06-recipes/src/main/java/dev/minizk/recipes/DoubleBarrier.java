package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A double barrier (Curator's {@code DistributedDoubleBarrier} layout): members enter by creating
 * an EPHEMERAL node {@code barrier/<memberId>} and start together once {@code size} are present
 * (the one that sees enough creates {@code barrier/ready}, everyone waits for it with an exists
 * watch); they leave together: a member leaves only when every member node is gone. Leaving
 * follows ZooKeeper's recipe: the lowest node waits for the highest, every other member deletes
 * its node and waits for the lowest, so no event wakes everyone.
 */
public final class DoubleBarrier {
    static final String READY = "ready";

    private final ZkClient client;
    private final String barrier;
    private final String memberId;
    private final int size;

    public DoubleBarrier(ZkClient client, String barrier, String memberId, int size) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.barrier = ExclusiveLock.requireLockPath(barrier);
        if (memberId.isEmpty() || memberId.contains("/") || memberId.equals(READY)) {
            throw new IllegalArgumentException("memberId must be a name without '/', not '" + READY + "', was '" + memberId + "'");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        this.memberId = memberId;
        this.size = size;
    }

    /** Completes once {@code size} members have entered. */
    public CompletableFuture<Void> enter() {
        CompletableFuture<Void> entered = new CompletableFuture<>();
        ProtectedCreate.createParents(client, barrier)
                .thenCompose(ignored -> client.createAsync(barrier + "/" + memberId, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)
                        .handle((created, failure) -> {
                            if (failure != null && Outcomes.codeOf(failure) != ErrorCode.NODEEXISTS) {
                                throw new java.util.concurrent.CompletionException(Outcomes.unwrap(failure));
                            }
                            return null;
                        }))
                .thenCompose(ignored -> client.existsAsync(barrier + "/" + READY, event -> entered.complete(null)))
                .thenCompose(ready -> ready != null ? CompletableFuture.completedFuture(null) : countAndMaybeOpen())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        entered.completeExceptionally(Outcomes.unwrap(failure));
                    } else if (client.state().isAlive()) {
                        client.existsAsync(barrier + "/" + READY, false).thenAccept(stat -> {
                            if (stat != null) {
                                entered.complete(null);
                            }
                        });
                    }
                });
        return entered;
    }

    private CompletableFuture<Void> countAndMaybeOpen() {
        return client.getChildrenAsync(barrier, false).thenCompose(children -> {
            if (members(children).size() < size) {
                return CompletableFuture.completedFuture(null); // the ready watch tells us
            }
            return client.createAsync(barrier + "/" + READY, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                    .handle((created, failure) -> null); // NODEEXISTS: another member opened it
        });
    }

    private static List<String> members(List<String> children) {
        return children.stream().filter(child -> !child.equals(READY)).sorted().toList();
    }

    /** Completes once every member has left. */
    public CompletableFuture<Void> leave() {
        CompletableFuture<Void> left = new CompletableFuture<>();
        leaveStep(left);
        return left;
    }

    private void leaveStep(CompletableFuture<Void> left) {
        client.getChildrenAsync(barrier, false).whenComplete((children, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    leaveStep(left);
                } else {
                    left.completeExceptionally(Outcomes.unwrap(failure));
                }
                return;
            }
            List<String> members = members(children);
            boolean present = members.contains(memberId);
            if (members.isEmpty() || members.size() == 1 && present) {
                Deletes.deleteSurely(client, barrier + "/" + memberId)
                        .thenCompose(ignored -> Deletes.deleteSurely(client, barrier + "/" + READY))
                        .whenComplete((ignored, deleteFailure) -> left.complete(null));
                return;
            }
            boolean lowest = members.get(0).equals(memberId);
            String watched = lowest ? members.get(members.size() - 1) : members.get(0);
            CompletableFuture<Void> ownGone = lowest || !present
                    ? CompletableFuture.completedFuture(null) : Deletes.deleteSurely(client, barrier + "/" + memberId);
            ownGone.thenCompose(ignored -> client.existsAsync(barrier + "/" + watched, event -> leaveStep(left)))
                    .whenComplete((stat, watchFailure) -> {
                        if (watchFailure != null || stat == null) {
                            leaveStep(left); // gone already: look again (a watch on a missing node waits for a create)
                        }
                    });
        });
    }
}
