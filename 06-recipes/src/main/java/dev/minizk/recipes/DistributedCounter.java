package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A distributed counter (Curator's {@code DistributedAtomicLong}, optimistic mode): read the
 * value and its version, write value + delta with that version as the expected one; BADVERSION
 * means someone else wrote first, so read again and retry. The node is created on first use.
 * A CONNECTIONLOSS on the write leaves its outcome unknown, so it is reported, not retried: a
 * retry could count twice.
 */
public final class DistributedCounter {
    static final int MAX_TRIES = 100;

    private final ZkClient client;
    private final String path;

    public DistributedCounter(ZkClient client, String path) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.path = ExclusiveLock.requireLockPath(path);
    }

    /** Adds delta; completes with the new value. */
    public CompletableFuture<Long> add(long delta) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        tryAdd(delta, 1, result);
        return result;
    }

    /** The current value (0 before the first add). */
    public CompletableFuture<Long> get() {
        return client.getDataAsync(path, false).handle((data, failure) -> {
            if (failure == null) {
                return decode(data.data());
            }
            if (Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                return 0L;
            }
            throw new java.util.concurrent.CompletionException(Outcomes.unwrap(failure));
        });
    }

    private void tryAdd(long delta, int attempt, CompletableFuture<Long> result) {
        if (attempt > MAX_TRIES) {
            result.completeExceptionally(new KeeperException(ErrorCode.BADVERSION, path, "lost the race " + MAX_TRIES + " times"));
            return;
        }
        client.getDataAsync(path, false).whenComplete((data, failure) -> {
            if (failure != null && Outcomes.codeOf(failure) == ErrorCode.NONODE) {
                ProtectedCreate.createParents(client, parentOf(path))
                        .thenCompose(ignored -> client.createAsync(path, encode(delta), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                        .whenComplete((created, createFailure) -> {
                            if (createFailure == null) {
                                result.complete(delta);
                            } else if (Outcomes.codeOf(createFailure) == ErrorCode.NODEEXISTS) {
                                tryAdd(delta, attempt + 1, result); // someone created it first
                            } else {
                                result.completeExceptionally(Outcomes.unwrap(createFailure));
                            }
                        });
                return;
            }
            if (failure != null) {
                result.completeExceptionally(Outcomes.unwrap(failure));
                return;
            }
            // BEGIN SOLUTION 06.5
            long next = decode(data.data()) + delta;
            client.setDataAsync(path, encode(next), data.stat().version()).whenComplete((stat, setFailure) -> {
                if (setFailure == null) {
                    result.complete(next);
                } else if (Outcomes.codeOf(setFailure) == ErrorCode.BADVERSION) {
                    tryAdd(delta, attempt + 1, result);
                } else {
                    result.completeExceptionally(Outcomes.unwrap(setFailure));
                }
            });
            // END SOLUTION
        });
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static byte[] encode(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array(); // Curator's DistributedAtomicLong format
    }

    static long decode(byte[] data) {
        if (data == null || data.length == 0) {
            return 0;
        }
        if (data.length != Long.BYTES) {
            throw new IllegalStateException("a counter node holds 8 bytes, this one " + data.length);
        }
        return ByteBuffer.wrap(data).getLong();
    }
}
