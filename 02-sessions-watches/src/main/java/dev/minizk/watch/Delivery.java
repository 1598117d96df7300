package dev.minizk.watch;

import dev.minizk.proto.WatcherEvent;

/**
 * One event for one watcher: what the server pushes to one connection because of one trigger.
 *
 * @param watcher the connection id that registered the watch
 * @param event   the notification (always SyncConnected, with the trigger's type and path)
 */
public record Delivery(long watcher, WatcherEvent event) {
}
