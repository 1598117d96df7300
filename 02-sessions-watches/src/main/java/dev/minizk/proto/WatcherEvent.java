package dev.minizk.proto;

import dev.minizk.tree.EventType;

/** What a watcher is told: the event, the connection state, and the path (null for state events). */
public record WatcherEvent(EventType type, KeeperState state, String path) {

    /** A node event; the server only sends these while the connection is SyncConnected. */
    public static WatcherEvent of(EventType type, String path) {
        return new WatcherEvent(type, KeeperState.SYNC_CONNECTED, path);
    }

    /** A change of connection state, with no path. */
    public static WatcherEvent state(KeeperState state) {
        return new WatcherEvent(EventType.NONE, state, null);
    }
}
