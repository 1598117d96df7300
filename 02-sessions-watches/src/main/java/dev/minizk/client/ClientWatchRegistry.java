package dev.minizk.client;

import dev.minizk.proto.Request;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.tree.EventType;
import dev.minizk.tree.ZnodePath;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's half of watches ({@code ZKWatchManager}): which {@link Watcher} objects wait on
 * which path, in which way. The server knows only "this connection watches /a"; it sends one
 * notification per connection, and this registry fans it out to the application's Watchers.
 * Because watches belong to a connection on the server, this registry is also what the client
 * replays (SetWatches) after it reconnects.
 *
 * <p>Insertion-ordered maps and sets, so that the order in which Watchers are called is the
 * order they registered, and a run replays identically. Used only on the client's loop.
 */
final class ClientWatchRegistry {

    /** The five lists of ZooKeeper's client: data, exist and child watches fire once; the others stay. */
    enum Kind { DATA, EXIST, CHILD, PERSISTENT, PERSISTENT_RECURSIVE }

    private final Watcher defaultWatcher;
    private final Map<Kind, Map<String, Set<Watcher>>> byKind = new EnumMap<>(Kind.class);

    ClientWatchRegistry(Watcher defaultWatcher) {
        this.defaultWatcher = defaultWatcher;
        for (Kind kind : Kind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
    }

    Watcher defaultWatcher() {
        return defaultWatcher;
    }

    void add(Kind kind, String path, Watcher watcher) {
        byKind.get(kind).computeIfAbsent(path, p -> new LinkedHashSet<>()).add(watcher);
    }

    boolean contains(Kind kind, String path, Watcher watcher) {
        Set<Watcher> watchers = byKind.get(kind).get(path);
        return watchers != null && watchers.contains(watcher);
    }

    boolean hasAny(Kind kind, String path) {
        Set<Watcher> watchers = byKind.get(kind).get(path);
        return watchers != null && !watchers.isEmpty();
    }

    /** Removes one Watcher's watch of this kind at the path; whether it had one. */
    boolean remove(Kind kind, String path, Watcher watcher) {
        Map<String, Set<Watcher>> watches = byKind.get(kind);
        Set<Watcher> watchers = watches.get(path);
        if (watchers == null || !watchers.remove(watcher)) {
            return false;
        }
        if (watchers.isEmpty()) {
            watches.remove(path);
        }
        return true;
    }

    /** Removes every Watcher's watch of this kind at the path and returns them. */
    Set<Watcher> removeAll(Kind kind, String path) {
        Set<Watcher> removed = byKind.get(kind).remove(path);
        return removed == null ? Set.of() : removed;
    }

    boolean isEmpty() {
        return byKind.values().stream().allMatch(Map::isEmpty);
    }

    /** Forgets every watch: the handle is dead (expired, closed, auth failed). */
    void clear() {
        byKind.values().forEach(Map::clear);
    }

    /** How many (path, Watcher) registrations of this kind there are; for tests and the status page. */
    int count(Kind kind) {
        return byKind.get(kind).values().stream().mapToInt(Set::size).sum();
    }

    /**
     * The Watchers an event reaches, each once, in a fixed order; one-time registrations that fire
     * are removed.
     *
     * <p>Hint (02.8): this is ZooKeeper's {@code ZKWatchManager.materialize}. A state event (type
     * NONE: SyncConnected, Disconnected, Expired, ...) goes to the default watcher (if there is one)
     * and to every registered Watcher, and removes nothing. A node event at a path:
     * NodeCreated and NodeDataChanged take the DATA and EXIST Watchers of the path;
     * NodeDeleted takes the DATA, EXIST and CHILD Watchers; NodeChildrenChanged the CHILD Watchers
     * ("take" = remove them: they fired). Then, for all four, the PERSISTENT Watchers of the path
     * (kept), and, except for NodeChildrenChanged, the PERSISTENT_RECURSIVE Watchers of the path and
     * of every ancestor up to "/" ({@code ZnodePath.parent}), also kept. Collect into a
     * LinkedHashSet, so a Watcher registered several ways is called once.
     */
    Set<Watcher> materialize(WatcherEvent event) {
        // BEGIN SOLUTION 02.8
        Set<Watcher> result = new LinkedHashSet<>();
        if (event.type() == EventType.NONE) {
            if (defaultWatcher != null) {
                result.add(defaultWatcher);
            }
            for (Map<String, Set<Watcher>> watches : byKind.values()) {
                watches.values().forEach(result::addAll);
            }
            return result;
        }
        String path = event.path();
        switch (event.type()) {
            case NODE_CREATED, NODE_DATA_CHANGED -> {
                result.addAll(removeAll(Kind.DATA, path));
                result.addAll(removeAll(Kind.EXIST, path));
            }
            case NODE_DELETED -> {
                result.addAll(removeAll(Kind.DATA, path));
                result.addAll(removeAll(Kind.EXIST, path)); // ZooKeeper notes this "shouldn't happen", and takes them anyway
                result.addAll(removeAll(Kind.CHILD, path));
            }
            case NODE_CHILDREN_CHANGED -> result.addAll(removeAll(Kind.CHILD, path));
            default -> {
                return result; // the watch-removed events are delivered by whoever removed the watch
            }
        }
        result.addAll(byKind.get(Kind.PERSISTENT).getOrDefault(path, Set.of()));
        if (event.type() != EventType.NODE_CHILDREN_CHANGED) {
            Map<String, Set<Watcher>> recursive = byKind.get(Kind.PERSISTENT_RECURSIVE);
            for (String at = path; ; at = ZnodePath.parent(at)) {
                result.addAll(recursive.getOrDefault(at, Set.of()));
                if (at.equals(ZnodePath.ROOT)) {
                    break;
                }
            }
        }
        return result;
        // STUB: return new LinkedHashSet<>(); // TODO 02.8: which Watchers does this event reach?
        // END SOLUTION
    }

    /**
     * The SetWatches request that re-registers every watch on a new connection, or null when
     * there is nothing to replay.
     *
     * <p>Hint (02.8): the server forgot this client's watches when the old connection closed. Send
     * the paths of all five lists, with {@code relativeZxid} = the last zxid the client saw: the
     * server then reports at once whatever changed after it (a data watch on a node changed since
     * then fires NodeDataChanged right away). One-time lists go as they are (data, exist, child),
     * persistent and recursive ones too. (The stock client splits very long lists into batches of
     * about 128 KB of path text; the in-process network has no frame limit, so one request will do.)
     */
    Request.SetWatches replay(long relativeZxid) {
        // BEGIN SOLUTION 02.8
        if (isEmpty()) {
            return null;
        }
        return new Request.SetWatches(relativeZxid, paths(Kind.DATA), paths(Kind.EXIST), paths(Kind.CHILD),
                paths(Kind.PERSISTENT), paths(Kind.PERSISTENT_RECURSIVE));
        // STUB: return null; // TODO 02.8: re-register every watch this client holds
        // END SOLUTION
    }

    private List<String> paths(Kind kind) {
        return new ArrayList<>(byKind.get(kind).keySet());
    }
}
