package dev.minizk.watch;

import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.Request;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.proto.WatcherType;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.EventType;
import dev.minizk.tree.WatchTrigger;
import dev.minizk.tree.Znode;
import dev.minizk.tree.ZnodePath;
import dev.minizk.txn.WatchTriggers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every watch of every connection, and the rules that decide who hears about a change.
 * A watcher is a connection id ({@code long}); the server turns a {@link Delivery} into a
 * notification frame on that connection.
 *
 * <p>Two indexes hold the same registrations: by path (a trigger looks up one path, and its
 * ancestors when a recursive watch exists anywhere) and by watcher (a closing connection drops
 * all of its watches without scanning every path). Both point at the same {@link EnumSet} per
 * (path, watcher), so they cannot disagree; {@link #add} and {@link #remove} are the only places
 * that change them.
 *
 * <p>Not thread-safe: the server calls it from its single event loop, as it applies txns.
 */
public final class WatchManager {
    /** path -> watcher -> the kinds of watch that watcher holds there (never empty). */
    private final Map<String, Map<Long, EnumSet<WatchKind>>> byPath = new HashMap<>();
    /** watcher -> path -> the same sets as in {@link #byPath}. */
    private final Map<Long, Map<String, EnumSet<WatchKind>>> byWatcher = new HashMap<>();
    /** How many (path, watcher, kind) registrations exist. */
    private int watchCount;
    /** How many of them are PERSISTENT_RECURSIVE: while zero, a trigger never looks at ancestors. */
    private int recursiveCount;

    // ------------------------------------------------------------------ registering

    /** getData(watch=true) on an existing node, and exists(watch=true) whether or not the node exists. */
    public void addDataWatch(String path, long watcher) {
        add(path, watcher, WatchKind.DATA);
    }

    /** getChildren(watch=true) on an existing node. */
    public void addChildWatch(String path, long watcher) {
        add(path, watcher, WatchKind.CHILD);
    }

    /** addWatch: PERSISTENT or PERSISTENT_RECURSIVE, on any path, existing or not. */
    public void addPersistentWatch(String path, long watcher, AddWatchMode mode) {
        add(path, watcher, mode == AddWatchMode.PERSISTENT ? WatchKind.PERSISTENT : WatchKind.PERSISTENT_RECURSIVE);
    }

    /** Registers one kind; registering it twice is the same as once (ZooKeeper keeps a set). */
    private void add(String path, long watcher, WatchKind kind) {
        Map<Long, EnumSet<WatchKind>> watchers = byPath.computeIfAbsent(path, p -> new HashMap<>());
        EnumSet<WatchKind> kinds = watchers.get(watcher);
        if (kinds == null) {
            kinds = EnumSet.noneOf(WatchKind.class);
            watchers.put(watcher, kinds);
            byWatcher.computeIfAbsent(watcher, w -> new HashMap<>()).put(path, kinds);
        }
        if (kinds.add(kind)) {
            watchCount++;
            if (kind == WatchKind.PERSISTENT_RECURSIVE) {
                recursiveCount++;
            }
        }
    }

    /**
     * Removes some kinds of one watcher's watches at one path, from both indexes.
     *
     * @return whether the watcher held at least one of them
     */
    private boolean remove(String path, long watcher, Set<WatchKind> which) {
        Map<Long, EnumSet<WatchKind>> watchers = byPath.get(path);
        EnumSet<WatchKind> kinds = watchers == null ? null : watchers.get(watcher);
        if (kinds == null) {
            return false;
        }
        boolean removed = false;
        for (WatchKind kind : which) {
            if (kinds.remove(kind)) {
                removed = true;
                watchCount--;
                if (kind == WatchKind.PERSISTENT_RECURSIVE) {
                    recursiveCount--;
                }
            }
        }
        if (kinds.isEmpty()) {
            watchers.remove(watcher);
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
            Map<String, EnumSet<WatchKind>> paths = byWatcher.get(watcher);
            paths.remove(path);
            if (paths.isEmpty()) {
                byWatcher.remove(watcher);
            }
        }
        return removed;
    }

    /** The kinds a watcher holds at a path; empty when none (do not modify the result). */
    private Set<WatchKind> kindsAt(String path, long watcher) {
        Map<String, EnumSet<WatchKind>> paths = byWatcher.get(watcher);
        EnumSet<WatchKind> kinds = paths == null ? null : paths.get(path);
        return kinds == null ? Set.of() : kinds;
    }

    // ------------------------------------------------------------------ triggering

    /**
     * The deliveries one trigger causes: at most one per watcher, watcher ids ascending, all with
     * the trigger's type and path. One-time watches that fire are removed; persistent ones stay.
     */
    public List<Delivery> trigger(WatchTrigger trigger) {
        String path = trigger.path();
        if (recursiveCount == 0 && !byPath.containsKey(path)) {
            return List.of(); // the common case: nobody watches this path or any subtree
        }
        SortedSet<Long> notified = new TreeSet<>();
        fireOneTime(path, trigger.type(), notified);
        firePersistent(path, trigger.type(), notified);
        if (notified.isEmpty()) {
            return List.of();
        }
        WatcherEvent event = WatcherEvent.of(trigger.type(), path);
        List<Delivery> deliveries = new ArrayList<>(notified.size());
        for (long watcher : notified) {
            deliveries.add(new Delivery(watcher, event));
        }
        return deliveries;
    }

    /** All deliveries of an applied txn's triggers, in trigger order (pass {@code TxnResult.triggers()}). */
    public List<Delivery> triggerAll(List<WatchTrigger> triggers) {
        List<Delivery> deliveries = new ArrayList<>();
        for (WatchTrigger trigger : triggers) {
            deliveries.addAll(trigger(trigger));
        }
        return deliveries;
    }

    /**
     * Fires the one-time (DATA and CHILD) watches at the trigger's path: every watcher whose watch
     * fires goes into {@code notified}, and the watches that fired are removed.
     *
     * <p>Hint (02.3): stage 01 already says which events fire which one-time watch:
     * {@code WatchTriggers.firesDataWatch(type)} and {@code WatchTriggers.firesChildWatch(type)}.
     * Look up the watchers at {@code path} in {@code byPath}. A watcher whose DATA or CHILD watch
     * fires is added to {@code notified} once (it is a set, so a watcher holding both kinds still
     * gets one event), and everything that fired is removed with {@link #remove}, which keeps both
     * indexes and the counters right. Careful: {@code remove} changes the map you are iterating, so
     * collect the watchers first and remove afterwards. Persistent kinds at the path are not yours
     * to touch here.
     */
    private void fireOneTime(String path, EventType type, Set<Long> notified) {
        // BEGIN SOLUTION 02.3
        Map<Long, EnumSet<WatchKind>> watchers = byPath.get(path);
        if (watchers == null) {
            return;
        }
        EnumSet<WatchKind> firing = EnumSet.noneOf(WatchKind.class);
        if (WatchTriggers.firesDataWatch(type)) {
            firing.add(WatchKind.DATA);
        }
        if (WatchTriggers.firesChildWatch(type)) {
            firing.add(WatchKind.CHILD);
        }
        if (firing.isEmpty()) {
            return;
        }
        List<Long> fired = new ArrayList<>();
        for (Map.Entry<Long, EnumSet<WatchKind>> entry : watchers.entrySet()) {
            if (!Collections.disjoint(entry.getValue(), firing)) {
                fired.add(entry.getKey());
            }
        }
        for (long watcher : fired) {
            remove(path, watcher, firing);
            notified.add(watcher);
        }
        // END SOLUTION
    }

    /**
     * Adds to {@code notified} every watcher whose persistent or recursive watch hears about this
     * trigger. Nothing is removed: persistent watches stay.
     *
     * <p>Hint (02.4): two places to look. At {@code path} itself: a PERSISTENT watch hears every
     * event a data or a child watch would (created, deleted, data changed, children changed); a
     * PERSISTENT_RECURSIVE watch hears what a data watch would, and never NodeChildrenChanged (the
     * recursive watcher hears about the child itself instead). Then at every ancestor of
     * {@code path}, up to and including "/" ({@code ZnodePath.parent}): only PERSISTENT_RECURSIVE
     * watches, again only for data-watch events. The walk costs one lookup per level on every
     * trigger, so skip it while {@code recursiveCount} is zero.
     */
    private void firePersistent(String path, EventType type, Set<Long> notified) {
        // BEGIN SOLUTION 02.4
        boolean aboutTheNode = WatchTriggers.firesDataWatch(type);
        boolean aboutNodeOrChildren = aboutTheNode || WatchTriggers.firesChildWatch(type);
        Map<Long, EnumSet<WatchKind>> here = byPath.get(path);
        if (here != null) {
            for (Map.Entry<Long, EnumSet<WatchKind>> entry : here.entrySet()) {
                EnumSet<WatchKind> kinds = entry.getValue();
                if (kinds.contains(WatchKind.PERSISTENT) && aboutNodeOrChildren
                        || kinds.contains(WatchKind.PERSISTENT_RECURSIVE) && aboutTheNode) {
                    notified.add(entry.getKey());
                }
            }
        }
        if (recursiveCount == 0 || !aboutTheNode) {
            return;
        }
        String ancestor = path;
        while (!ancestor.equals(ZnodePath.ROOT)) {
            ancestor = ZnodePath.parent(ancestor);
            Map<Long, EnumSet<WatchKind>> watchers = byPath.get(ancestor);
            if (watchers != null) {
                for (Map.Entry<Long, EnumSet<WatchKind>> entry : watchers.entrySet()) {
                    if (entry.getValue().contains(WatchKind.PERSISTENT_RECURSIVE)) {
                        notified.add(entry.getKey());
                    }
                }
            }
        }
        // STUB: // TODO 02.4: persistent watches at the path, recursive ones at the path and above it
        // END SOLUTION
    }

    // ------------------------------------------------------------------ checkWatches, removeWatches

    /**
     * checkWatches (op 17): does this watcher have a watch of this type at this path?
     * CHILDREN means a one-time child watch, DATA a one-time data/exists watch, ANY any kind
     * including persistent ones, PERSISTENT and PERSISTENT_RECURSIVE that mode.
     */
    public boolean hasWatch(String path, WatcherType type, long watcher) {
        return !Collections.disjoint(kindsAt(path, watcher), kindsMeant(type));
    }

    /**
     * removeWatches (op 18): removes the watcher's watches of that type at the path. ANY removes
     * every kind, persistent ones included.
     *
     * @return whether anything was removed (on false the server answers NOWATCHER, -121)
     */
    public boolean removeWatches(String path, WatcherType type, long watcher) {
        return remove(path, watcher, kindsMeant(type));
    }

    /**
     * The kinds of watch a checkWatches/removeWatches type refers to.
     *
     * <p>Hint (02.4): a client's {@link WatcherType} names watches the way the client API does.
     * CHILDREN and DATA mean only the one-time watches of that kind (exists sets a DATA watch);
     * a persistent watch is not a data watch, whatever it fires for. ANY means every kind, and
     * PERSISTENT and PERSISTENT_RECURSIVE mean exactly that mode. A {@code switch} expression
     * over the enum makes the compiler check that no type is forgotten.
     */
    static Set<WatchKind> kindsMeant(WatcherType type) {
        // BEGIN SOLUTION 02.4
        return switch (type) {
            case CHILDREN -> EnumSet.of(WatchKind.CHILD);
            case DATA -> EnumSet.of(WatchKind.DATA);
            case ANY -> EnumSet.allOf(WatchKind.class);
            case PERSISTENT -> EnumSet.of(WatchKind.PERSISTENT);
            case PERSISTENT_RECURSIVE -> EnumSet.of(WatchKind.PERSISTENT_RECURSIVE);
        };
        // END SOLUTION
    }

    /** The connection is gone (session closed or expired): drop all its watches. */
    public void removeWatcher(long watcher) {
        Map<String, EnumSet<WatchKind>> paths = byWatcher.get(watcher);
        if (paths == null) {
            return;
        }
        for (String path : List.copyOf(paths.keySet())) {
            remove(path, watcher, EnumSet.allOf(WatchKind.class));
        }
    }

    // ------------------------------------------------------------------ reconnect

    /**
     * Reconnect replay (SetWatches, op 101, and SetWatches2, op 105) against the current tree.
     * The client sends the zxid it last saw ({@code relativeZxid}) and its watches; whatever it
     * would have been told while away is reported now, the rest is registered again.
     *
     * <p>Hint (02.5): ZooKeeper's rules, list by list, in this order:
     * <ul>
     *   <li>data watch paths: node gone → NodeDeleted now; its mzxid newer than relativeZxid →
     *       NodeDataChanged now; else register a data watch;</li>
     *   <li>exist watch paths (the node was missing when the client asked): node present →
     *       NodeCreated now; else register a data watch;</li>
     *   <li>child watch paths: node gone → NodeDeleted now; its pzxid newer than relativeZxid →
     *       NodeChildrenChanged now; else register a child watch;</li>
     *   <li>persistent and persistent-recursive paths: register.</li>
     * </ul>
     * {@code tree.node(path)} is null for a missing node; a node's Stat has mzxid and pzxid.
     * A watch reported now is not registered: it has fired.
     *
     * @return the events to send this watcher at once, in the order of the request's lists
     */
    public List<WatcherEvent> setWatches(long watcher, Request.SetWatches request, DataTree tree) {
        // BEGIN SOLUTION 02.5
        long relativeZxid = request.relativeZxid();
        List<WatcherEvent> events = new ArrayList<>();
        for (String path : request.dataWatches()) {
            Znode node = tree.node(path);
            if (node == null) {
                events.add(WatcherEvent.of(EventType.NODE_DELETED, path));
            } else if (node.mzxid() > relativeZxid) {
                events.add(WatcherEvent.of(EventType.NODE_DATA_CHANGED, path));
            } else {
                add(path, watcher, WatchKind.DATA);
            }
        }
        for (String path : request.existWatches()) {
            if (tree.node(path) != null) {
                events.add(WatcherEvent.of(EventType.NODE_CREATED, path));
            } else {
                add(path, watcher, WatchKind.DATA);
            }
        }
        for (String path : request.childWatches()) {
            Znode node = tree.node(path);
            if (node == null) {
                events.add(WatcherEvent.of(EventType.NODE_DELETED, path));
            } else if (node.pzxid() > relativeZxid) {
                events.add(WatcherEvent.of(EventType.NODE_CHILDREN_CHANGED, path));
            } else {
                add(path, watcher, WatchKind.CHILD);
            }
        }
        for (String path : request.persistentWatches()) {
            add(path, watcher, WatchKind.PERSISTENT);
        }
        for (String path : request.persistentRecursiveWatches()) {
            add(path, watcher, WatchKind.PERSISTENT_RECURSIVE);
        }
        return events;
        // END SOLUTION
    }

    // ------------------------------------------------------------------ status

    /** How many (path, watcher, kind) registrations exist. */
    public int watchCount() {
        return watchCount;
    }

    /** How many paths have at least one watch. */
    public int watchedPathCount() {
        return byPath.size();
    }

    /** How many distinct watchers hold at least one watch. */
    public int watcherCount() {
        return byWatcher.size();
    }

    /** What one watcher is watching: path (sorted) -> kinds; an unmodifiable copy, empty when nothing. */
    public Map<String, Set<WatchKind>> watchesOf(long watcher) {
        Map<String, EnumSet<WatchKind>> paths = byWatcher.get(watcher);
        if (paths == null) {
            return Map.of();
        }
        Map<String, Set<WatchKind>> copy = new TreeMap<>();
        paths.forEach((path, kinds) -> copy.put(path, Collections.unmodifiableSet(EnumSet.copyOf(kinds))));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return "WatchManager[" + watchCount + " watches on " + byPath.size() + " paths by "
                + byWatcher.size() + " watchers]";
    }
}
