package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A counting semaphore (Curator's {@code InterProcessSemaphoreV2} layout): a lease is an
 * EPHEMERAL_SEQUENTIAL node {@code path/leases/_c_<guid>-lease-NNNNNNNNNN}. To take one, a client
 * first takes the lock {@code path/locks} (an {@link ExclusiveLock}), creates its lease node,
 * then waits (child watch on {@code leases}) until at most {@code maxLeases} lease nodes exist, and
 * only then releases the lock. The lock makes "create, then count" one step: without it, two
 * clients could each count themselves in. One acquire per object.
 */
public final class Semaphore {
    public static final String LEASE_NAME = "lease-";

    private final ZkClient client;
    private final SessionEvents session;
    private final String path;
    private final int maxLeases;
    private final Supplier<String> guids;
    private String leasePath;
    private CompletableFuture<Void> acquired;

    public Semaphore(ZkClient client, SessionEvents session, String path, int maxLeases, Supplier<String> guids) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.path = ExclusiveLock.requireLockPath(path);
        if (maxLeases < 1) {
            throw new IllegalArgumentException("maxLeases must be at least 1, was " + maxLeases);
        }
        this.maxLeases = maxLeases;
        this.guids = Objects.requireNonNull(guids, "guids must not be null");
    }

    /** Completes once this client holds a lease. */
    public CompletableFuture<Void> acquire() {
        if (acquired != null) {
            throw new IllegalStateException("a semaphore object takes one lease");
        }
        acquired = new CompletableFuture<>();
        ExclusiveLock lock = new ExclusiveLock(client, session, path + "/locks", guids);
        lock.acquire()
                .thenCompose(token -> ProtectedCreate.create(client, path + "/leases", guids.get(), LEASE_NAME, new byte[0],
                        CreateMode.EPHEMERAL_SEQUENTIAL))
                .whenComplete((created, failure) -> {
                    if (failure != null) {
                        lock.release();
                        acquired.completeExceptionally(Outcomes.unwrap(failure));
                        return;
                    }
                    leasePath = created.path();
                    acquired.whenComplete((ignored, any) -> lock.release()); // the count is settled: let the next one in
                    count();
                });
        return acquired;
    }

    private void count() {
        if (acquired.isDone()) {
            return;
        }
        client.getChildrenAsync(path + "/leases", NodeWatcher.onChange(this::count)).whenComplete((children, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    count();
                } else {
                    acquired.completeExceptionally(Outcomes.unwrap(failure));
                }
                return;
            }
            String own = leasePath.substring(leasePath.lastIndexOf('/') + 1);
            if (!children.contains(own)) {
                acquired.completeExceptionally(new dev.minizk.tree.KeeperException(ErrorCode.SESSIONEXPIRED, leasePath,
                        "the lease node is gone"));
            } else if (LockNodes.sorted(children, LEASE_NAME).size() <= maxLeases) {
                acquired.complete(null);
            } // else: the child watch counts again when a lease goes
        });
    }

    /** Returns the lease. */
    public CompletableFuture<Void> release() {
        return leasePath == null ? CompletableFuture.completedFuture(null) : Deletes.deleteSurely(client, leasePath);
    }
}
