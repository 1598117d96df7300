package dev.minizk.client;

import dev.minizk.proto.WatcherEvent;

/**
 * Told about node events it registered for and about connection-state changes. Called through
 * {@link ClientRuntime#dispatchEvent}: one event at a time, in the order the client received them.
 */
@FunctionalInterface
public interface Watcher {
    void process(WatcherEvent event);
}
