package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Group membership: each member is an EPHEMERAL node {@code group/<memberId>}; the live list is
 * the group's children, re-read (arming the next child watch) after every change. A member is
 * removed when its session ends: when it closes, or when the server expires a session it stopped
 * hearing from; a crashed client stays a member until then.
 */
public final class GroupMembership {
    private final ZkClient client;
    private final String group;
    private final Consumer<List<String>> listener;
    private List<String> members = List.of();

    public GroupMembership(ZkClient client, String group, Consumer<List<String>> listener) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.group = ExclusiveLock.requireLockPath(group);
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * Joins as {@code memberId}. Completes once the member node exists for this session; fails with
     * NODEEXISTS when another session is a member under that id. After a connection loss the
     * create is tried again: NODEEXISTS then may be our own first try, so the node's owner decides.
     */
    public CompletableFuture<Void> join(String memberId) {
        if (memberId.isEmpty() || memberId.contains("/")) {
            throw new IllegalArgumentException("memberId must be a non-empty name without '/', was '" + memberId + "'");
        }
        CompletableFuture<Void> joined = new CompletableFuture<>();
        String path = group + "/" + memberId;
        ProtectedCreate.createParents(client, group)
                .thenCompose(ignored -> client.createAsync(path, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL))
                .whenComplete((created, failure) -> {
                    if (failure == null) {
                        joined.complete(null);
                    } else if (Outcomes.isConnectionLoss(failure)) {
                        join(memberId).whenComplete((again, againFailure) -> complete(joined, againFailure));
                    } else if (Outcomes.codeOf(failure) == ErrorCode.NODEEXISTS) {
                        client.existsAsync(path, false).whenComplete((stat, statFailure) -> complete(joined,
                                statFailure == null && stat != null && stat.ephemeralOwner() == client.sessionId() ? null
                                        : statFailure != null ? statFailure : Outcomes.unwrap(failure)));
                    } else {
                        joined.completeExceptionally(Outcomes.unwrap(failure));
                    }
                });
        return joined;
    }

    private static void complete(CompletableFuture<Void> joined, Throwable failure) {
        if (failure == null) {
            joined.complete(null);
        } else {
            joined.completeExceptionally(Outcomes.unwrap(failure));
        }
    }

    /** Starts following the live list. */
    public void watch() {
        // BEGIN SOLUTION 06.6
        client.getChildrenAsync(group, NodeWatcher.onChange(this::watch)).whenComplete((children, failure) -> {
            if (failure == null) {
                List<String> sorted = children.stream().sorted().toList();
                if (!sorted.equals(members)) {
                    members = sorted;
                    listener.accept(sorted);
                }
            } else if (Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                client.existsAsync(group, NodeWatcher.onChange(this::watch)); // wait for the group to appear
            } else if (Outcomes.isConnectionLoss(failure)) {
                watch();
            }
        });
        // END SOLUTION
    }

    public List<String> members() {
        return members;
    }
}
