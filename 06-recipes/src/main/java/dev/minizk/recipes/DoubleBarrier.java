package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

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
        join(entered, 1);
        return entered;
    }

    /** The barrier's parents (containers), then our member node. */
    private void join(CompletableFuture<Void> entered, int attempt) {
        if (attempt > ProtectedCreate.MAX_ATTEMPTS) {
            entered.completeExceptionally(new KeeperException(ErrorCode.CONNECTIONLOSS, barrier, "gave up after " + attempt + " tries"));
            return;
        }
        ProtectedCreate.createParents(client, barrier).whenComplete((ignored, failure) -> {
            if (failure != null && !Outcomes.isConnectionLoss(failure)) {
                entered.completeExceptionally(Outcomes.unwrap(failure));
            } else {
                createMember(entered, attempt); // after a connection loss the create tells whether the parents are there
            }
        });
    }

    /** Our member node; NODEEXISTS is our own earlier try whose answer was lost, NONODE a parent still missing. */
    private void createMember(CompletableFuture<Void> entered, int attempt) {
        client.createAsync(barrier + "/" + memberId, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)
                .whenComplete((created, failure) -> {
                    ErrorCode code = Outcomes.codeOf(failure);
                    if (failure == null || code == ErrorCode.NODEEXISTS) {
                        awaitReady(entered);
                    } else if (code == ErrorCode.NONODE || Outcomes.isConnectionLoss(failure)) {
                        join(entered, attempt + 1);
                    } else {
                        entered.completeExceptionally(Outcomes.unwrap(failure));
                    }
                });
    }

    /**
     * Enters once {@code ready} exists: watch it, and count the members in case we are the last.
     * Only a node event wakes us ({@link NodeWatcher}): taking a Disconnected for "ready" would let
     * members in early.
     */
    private void awaitReady(CompletableFuture<Void> entered) {
        if (entered.isDone()) {
            return;
        }
        client.existsAsync(barrier + "/" + READY, NodeWatcher.onChange(() -> awaitReady(entered))).whenComplete((ready, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    awaitReady(entered);
                } else {
                    entered.completeExceptionally(Outcomes.unwrap(failure));
                }
            } else if (ready != null) {
                entered.complete(null);
            } else {
                countAndMaybeOpen(entered);
            }
        });
    }

    private void countAndMaybeOpen(CompletableFuture<Void> entered) {
        client.getChildrenAsync(barrier, false).whenComplete((children, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    awaitReady(entered);
                } else {
                    entered.completeExceptionally(Outcomes.unwrap(failure));
                }
            } else if (members(children).size() >= size) {
                // NODEEXISTS: another member opened it; CONNECTIONLOSS: look again
                client.createAsync(barrier + "/" + READY, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                        .whenComplete((created, createFailure) -> awaitReady(entered));
            } // else: the ready watch tells us
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
            ownGone.thenCompose(ignored -> client.existsAsync(barrier + "/" + watched, NodeWatcher.onChange(() -> leaveStep(left))))
                    .whenComplete((stat, watchFailure) -> {
                        if (watchFailure != null || stat == null) {
                            leaveStep(left); // gone already: look again (a watch on a missing node waits for a create)
                        }
                    });
        });
    }
}
