package dev.minizk.recipes;

import dev.minizk.client.Watcher;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.EventType;

import java.util.Objects;

/**
 * A watcher that acts on node events only. Every watcher a client registered also hears each
 * connection state (Disconnected, SyncConnected, ...), as in ZooKeeper, and is not removed by it.
 * A recipe that re-read and re-armed its watch on those would register a new watcher per state
 * event for every one it holds, doubling them with each reconnect; one that took them for the node
 * event it waits for would go ahead too early (a barrier letting members in). After a reconnect
 * the client sets its watches again, and a node that changed meanwhile fires then; the session's
 * end reaches the recipes through {@link SessionEvents}.
 */
record NodeWatcher(Runnable action) implements Watcher {
    NodeWatcher {
        Objects.requireNonNull(action, "action must not be null");
    }

    static NodeWatcher onChange(Runnable action) {
        return new NodeWatcher(action);
    }

    @Override
    public void process(WatcherEvent event) {
        if (event.type() != EventType.NONE) {
            action.run();
        }
    }
}
