package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A read-write lock (Curator's {@code InterProcessReadWriteLock} layout): readers create
 * {@code path/_c_<guid>-__READ__NNNNNNNNNN}, writers {@code path/_c_<guid>-__WRIT__NNNNNNNNNN},
 * all EPHEMERAL_SEQUENTIAL in one sequence. A writer holds the lock when its node is the first of
 * all and watches its predecessor; a reader holds it when no writer node comes before it, and
 * otherwise watches the first writer before it (readers share; a waiting writer stops later
 * readers, so writers are not starved). One acquire per object; expiry fails a waiting acquire.
 */
public final class ReadWriteLock {
    public static final String READ_NAME = "__READ__";
    public static final String WRITE_NAME = "__WRIT__";

    private final ZkClient client;
    private final String path;
    private final boolean writer;
    private final String guid;
    private CompletableFuture<Long> acquired;
    private String ownName;
    private long token;
    private boolean done;

    private ReadWriteLock(ZkClient client, String path, boolean writer, Supplier<String> guids) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.path = ExclusiveLock.requireLockPath(path);
        this.writer = writer;
        this.guid = guids.get();
    }

    public static ReadWriteLock reader(ZkClient client, String path, Supplier<String> guids) {
        return new ReadWriteLock(client, path, false, guids);
    }

    public static ReadWriteLock writer(ZkClient client, String path, Supplier<String> guids) {
        return new ReadWriteLock(client, path, true, guids);
    }

    /** Completes with the lock node's czxid (a fencing token) once held. */
    public CompletableFuture<Long> acquire() {
        if (acquired != null) {
            throw new IllegalStateException("a read-write lock object is acquired once");
        }
        acquired = new CompletableFuture<>();
        ProtectedCreate.create(client, path, guid, writer ? WRITE_NAME : READ_NAME, new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL)
                .whenComplete((created, failure) -> {
                    if (failure != null) {
                        acquired.completeExceptionally(Outcomes.unwrap(failure));
                        return;
                    }
                    ownName = created.path().substring(path.length() + 1);
                    token = created.stat().czxid();
                    check();
                });
        return acquired;
    }

    /** All lock nodes, readers and writers, in sequence order. */
    static List<String> sortedNodes(List<String> children) {
        List<String> all = new ArrayList<>(LockNodes.sorted(children, READ_NAME));
        all.addAll(LockNodes.sorted(children, WRITE_NAME));
        all.sort(Comparator.comparingLong(LockNodes::sequenceOf));
        return all;
    }

    /** The node to wait for, or null when ours holds the lock (Curator's read and write predicates). */
    static String blocker(List<String> sorted, String own, boolean writer) {
        int ours = sorted.indexOf(own);
        if (ours < 0) {
            throw new IllegalStateException("own node " + own + " is not among " + sorted);
        }
        // BEGIN SOLUTION 06.7
        if (writer) {
            return ours == 0 ? null : sorted.get(ours - 1);
        }
        for (int i = 0; i < ours; i++) {
            if (sorted.get(i).contains(WRITE_NAME)) {
                return sorted.get(i); // the first writer before us
            }
        }
        return null;
        // END SOLUTION
    }

    private void check() {
        if (done) {
            return;
        }
        client.getChildrenAsync(path, false).whenComplete(this::onChildren);
    }

    /** The lock's children arrived: hold the lock, or watch the node in the way. */
    private void onChildren(List<String> children, Throwable failure) {
        if (failure != null && Outcomes.isConnectionLoss(failure)) {
            check(); // the answer was lost, not the lock: ask again
            return;
        }
        if (failure != null) {
            fail(Outcomes.unwrap(failure).getMessage());
            return;
        }
        List<String> sorted = sortedNodes(children);
        if (!sorted.contains(ownName)) {
            fail("the lock node " + ownName + " is gone (session expired or node deleted)");
            return;
        }
        String blocker = blocker(sorted, ownName, writer);
        if (blocker == null) {
            done = true;
            acquired.complete(token);
            return;
        }
        client.getDataAsync(path + "/" + blocker, NodeWatcher.onChange(this::check)).whenComplete((data, watchFailure) -> {
            if (watchFailure != null && (Outcomes.codeOf(watchFailure) == ErrorCode.NONODE || Outcomes.isConnectionLoss(watchFailure))) {
                check();
            }
        });
    }

    private void fail(String reason) {
        done = true;
        acquired.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, path, reason));
    }

    /** Gives the lock up (or stops waiting). */
    public CompletableFuture<Void> release() {
        done = true;
        if (acquired != null && !acquired.isDone()) {
            acquired.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, path, "released while waiting"));
        }
        return ownName == null ? CompletableFuture.completedFuture(null) : Deletes.deleteSurely(client, path + "/" + ownName);
    }

    public String nodeName() {
        return ownName;
    }
}
