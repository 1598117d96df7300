package dev.minizk.client;

import dev.minizk.tree.ErrorCode;

/**
 * A watch a request asks for, registered client-side only once the server's answer says the
 * server registered it too ({@code ZooKeeper.WatchRegistration}): getData and getChildren on
 * success; exists on success (a data watch) and on NONODE (an exists watch); addWatch on success.
 */
record WatchRegistration(ClientWatchRegistry.Kind kind, String path, Watcher watcher) {

    static WatchRegistration data(String path, Watcher watcher) {
        return new WatchRegistration(ClientWatchRegistry.Kind.DATA, path, watcher);
    }

    /** exists: the kind is decided by the answer, so the kind recorded here is only a marker. */
    static WatchRegistration exists(String path, Watcher watcher) {
        return new WatchRegistration(ClientWatchRegistry.Kind.EXIST, path, watcher);
    }

    static WatchRegistration child(String path, Watcher watcher) {
        return new WatchRegistration(ClientWatchRegistry.Kind.CHILD, path, watcher);
    }

    void register(ErrorCode err, ClientWatchRegistry registry) {
        if (kind == ClientWatchRegistry.Kind.EXIST) {
            if (err == ErrorCode.OK) {
                registry.add(ClientWatchRegistry.Kind.DATA, path, watcher); // the node exists: a data watch
            } else if (err == ErrorCode.NONODE) {
                registry.add(ClientWatchRegistry.Kind.EXIST, path, watcher); // waiting for it to appear
            }
        } else if (err == ErrorCode.OK) {
            registry.add(kind, path, watcher);
        }
    }
}
