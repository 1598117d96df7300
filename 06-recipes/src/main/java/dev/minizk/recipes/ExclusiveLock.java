package dev.minizk.recipes;

import dev.minizk.client.Created;
import dev.minizk.client.ZkClient;
import dev.minizk.proto.KeeperState;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An exclusive lock (Curator's {@code InterProcessMutex} layout): each contender creates an
 * EPHEMERAL_SEQUENTIAL node {@code path/_c_<guid>-lock-NNNNNNNNNN}; the lowest sequence holds the
 * lock, and every other contender watches only the node just before its own (getData with a
 * watcher). A release deletes one node and wakes one waiter: no herd.
 *
 * <p>The holder gets a <em>fencing token</em>: the czxid of its lock node. Tokens grow with every
 * grant, so a resource that remembers the highest token it accepted can refuse a holder whose
 * session expired while it was paused (its token is older than the next holder's). The lock
 * alone cannot prevent that: the paused holder does not know yet that it lost the lock.
 *
 * <p>States: IDLE → WAITING → HELD → RELEASED, or LOST when the session expired (the holder's
 * {@link #onLost} listener is told) or the node was deleted by someone else. One use per object.
 */
public final class ExclusiveLock {
    /** Curator's lock node name ({@code InterProcessMutex.LOCK_NAME}). */
    public static final String LOCK_NAME = "lock-";

    public enum State { IDLE, WAITING, HELD, RELEASED, LOST }

    private final ZkClient client;
    private final SessionEvents session;
    private final String path;
    private final String guid;
    private final Consumer<KeeperState> onSessionState = this::sessionState;
    private State state = State.IDLE;
    private CompletableFuture<Long> acquired;
    private String ownName;
    private long token;
    private int watchEvents;
    private Consumer<String> lostListener = reason -> { };

    public ExclusiveLock(ZkClient client, SessionEvents session, String path, Supplier<String> guids) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.path = requireLockPath(path);
        this.guid = guids.get();
    }

    static String requireLockPath(String path) {
        Objects.requireNonNull(path, "path must not be null");
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("path must be an absolute znode path like /locks/a, was '" + path + "'");
        }
        return path;
    }

    /** Told, once, why a held or awaited lock was lost (session expired, node deleted). */
    public void onLost(Consumer<String> listener) {
        this.lostListener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /**
     * Asks for the lock. Completes with the fencing token when it is held; fails with
     * SESSIONEXPIRED if the session ends first. Never blocks: call from anywhere.
     */
    public CompletableFuture<Long> acquire() {
        if (state != State.IDLE) {
            throw new IllegalStateException("a lock object is used once; this one is " + state);
        }
        state = State.WAITING;
        acquired = new CompletableFuture<>();
        session.onState(onSessionState);
        ProtectedCreate.create(client, path, guid, LOCK_NAME, new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL)
                .whenComplete((created, failure) -> {
                    if (failure != null) {
                        lose("could not create the lock node: " + Outcomes.unwrap(failure).getMessage());
                    } else {
                        nodeCreated(created);
                    }
                });
        return acquired;
    }

    private void nodeCreated(Created created) {
        if (state != State.WAITING) {
            client.deleteAsync(created.path(), -1); // released or lost meanwhile: do not leave an orphan
            return;
        }
        ownName = created.path().substring(path.length() + 1);
        token = created.stat().czxid();
        checkPosition();
    }

    /** Lists the contenders: first → held; else watch the predecessor and look again when it changes. */
    private void checkPosition() {
        if (state != State.WAITING) {
            return;
        }
        // BEGIN SOLUTION 06.3
        client.getChildrenAsync(path, false).whenComplete((children, failure) -> {
            if (failure != null) {
                retryOrLose(failure);
                return;
            }
            if (state != State.WAITING) {
                return;
            }
            List<String> sorted = LockNodes.sorted(children, LOCK_NAME);
            if (!sorted.contains(ownName)) {
                lose("the lock node " + ownName + " is gone (session expired or node deleted)");
                return;
            }
            Optional<String> predecessor = LockNodes.predecessor(sorted, ownName);
            if (predecessor.isEmpty()) {
                state = State.HELD;
                acquired.complete(token);
                return;
            }
            watchPredecessor(path + "/" + predecessor.get());
        });
        // END SOLUTION
    }

    private void watchPredecessor(String predecessorPath) {
        // BEGIN SOLUTION 06.3
        client.getDataAsync(predecessorPath, NodeWatcher.onChange(() -> {
            watchEvents++;
            checkPosition();
        })).whenComplete((data, failure) -> {
            if (failure == null) {
                return; // wait for the watch
            }
            if (Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                checkPosition(); // it went between our list and our watch: look again
            } else {
                retryOrLose(failure);
            }
        });
        // END SOLUTION
    }

    private void retryOrLose(Throwable failure) {
        if (Outcomes.isConnectionLoss(failure)) {
            checkPosition(); // queued until the client reconnects; the session may live on
        } else {
            lose("lock " + path + ": " + Outcomes.unwrap(failure).getMessage());
        }
    }

    private void sessionState(KeeperState newState) {
        if (newState == KeeperState.EXPIRED || newState == KeeperState.CLOSED) {
            // BEGIN SOLUTION 06.3
            lose("session " + (newState == KeeperState.EXPIRED ? "expired" : "closed") + ": the lock node is gone");
            // END SOLUTION
        }
    }

    private void lose(String reason) {
        if (state == State.RELEASED || state == State.LOST) {
            return;
        }
        boolean held = state == State.HELD;
        state = State.LOST;
        session.removeState(onSessionState);
        if (!held) {
            acquired.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, path, reason));
        }
        lostListener.accept(reason);
    }

    /** Gives the lock up (or stops waiting): deletes the lock node, retrying through connection loss. */
    public CompletableFuture<Void> release() {
        if (state == State.RELEASED || state == State.LOST || state == State.IDLE) {
            state = State.RELEASED;
            return CompletableFuture.completedFuture(null);
        }
        boolean waiting = state == State.WAITING;
        state = State.RELEASED;
        session.removeState(onSessionState);
        if (waiting) {
            acquired.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, path, "released while waiting"));
        }
        return ownName == null ? CompletableFuture.completedFuture(null) : Deletes.deleteSurely(client, path + "/" + ownName);
    }

    public State state() {
        return state;
    }

    public boolean isHeld() {
        return state == State.HELD;
    }

    /** The fencing token (the lock node's czxid); meaningful once held. */
    public long token() {
        return token;
    }

    /** The lock node's name once created, e.g. {@code _c_…-lock-0000000003}. */
    public String nodeName() {
        return ownName;
    }

    /** Watch events this waiter heard: one per predecessor that went away (the herd effect would make it one per release). */
    public int watchEvents() {
        return watchEvents;
    }

    @Override
    public String toString() {
        return "ExclusiveLock[" + path + ", " + state + (ownName == null ? "" : ", " + ownName) + "]";
    }
}
