package dev.minizk.recipes;

import dev.minizk.client.NodeData;
import dev.minizk.client.ZkClient;
import dev.minizk.tree.ErrorCode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A configuration service: the configuration is one znode; a reader watches it and re-reads
 * (arming the next watch) on every event. Watches fire once, and changes made between the event
 * and the re-read are not reported one by one: the reader never misses the <em>latest</em> value,
 * not every value. The listener hears each new version once, in increasing order.
 * Writers publish with the version they read (compare-and-set), so no update is lost silently.
 */
public final class ConfigService {
    private final ZkClient client;
    private final String path;
    private final BiConsumer<byte[], Integer> listener;
    private int lastVersion = -1;
    private boolean closed;

    /** @param listener hears (value, version) for each newer version seen; version -1 and null value when the node is missing */
    public ConfigService(ZkClient client, String path, BiConsumer<byte[], Integer> listener) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.path = ExclusiveLock.requireLockPath(path);
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /** Starts watching; call from the client's event thread or anywhere (it only sends a read). */
    public void start() {
        read();
    }

    public void close() {
        closed = true;
    }

    private void read() {
        if (closed) {
            return;
        }
        // BEGIN SOLUTION 06.5
        client.existsAsync(path, NodeWatcher.onChange(this::read)).whenComplete((stat, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    read();
                }
                return; // session over: nothing more to hear
            }
            if (stat == null) {
                return; // the exists watch fires NodeCreated
            }
            client.getDataAsync(path, false).whenComplete((data, dataFailure) -> {
                if (dataFailure == null) {
                    deliver(data);
                } else if (Outcomes.isConnectionLoss(dataFailure) || Outcomes.codeOf(dataFailure) == ErrorCode.NONODE) {
                    read();
                }
            });
        });
        // END SOLUTION
    }

    private void deliver(NodeData data) {
        // a node deleted and created again starts at version 0: compare czxid too in a fuller version
        if (data.stat().version() != lastVersion) {
            lastVersion = data.stat().version();
            listener.accept(data.data(), lastVersion);
        }
    }

    /** Publishes a value if the node is still at {@code expectedVersion} (-1: any). Fails with BADVERSION otherwise. */
    public CompletableFuture<Integer> publish(byte[] value, int expectedVersion) {
        return client.setDataAsync(path, value, expectedVersion).thenApply(stat -> stat.version());
    }
}
