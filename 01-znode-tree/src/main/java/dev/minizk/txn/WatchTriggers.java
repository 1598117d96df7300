package dev.minizk.txn;

import dev.minizk.tree.EventType;
import dev.minizk.tree.WatchTrigger;
import dev.minizk.tree.ZnodePath;

import java.util.List;

/**
 * Which events an applied change causes, as data. Stage 02 matches these triggers against
 * registered watches; keeping the rules here means every server computes the same events
 * for the same txn.
 *
 * <p>ZooKeeper's table: create X fires NodeCreated at X and NodeChildrenChanged at X's
 * parent; delete X fires NodeDeleted at X and NodeChildrenChanged at the parent; setData X
 * fires NodeDataChanged at X; setACL fires nothing.
 */
public final class WatchTriggers {
    private WatchTriggers() {
    }

    /** Hint (01.5): two triggers, the node's own event first. */
    public static List<WatchTrigger> created(String path) {
        // BEGIN SOLUTION 01.5
        return List.of(new WatchTrigger(EventType.NODE_CREATED, path),
                new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, ZnodePath.parent(path)));
        // END SOLUTION
    }

    public static List<WatchTrigger> deleted(String path) {
        // BEGIN SOLUTION 01.5
        return List.of(new WatchTrigger(EventType.NODE_DELETED, path),
                new WatchTrigger(EventType.NODE_CHILDREN_CHANGED, ZnodePath.parent(path)));
        // END SOLUTION
    }

    public static List<WatchTrigger> dataChanged(String path) {
        // BEGIN SOLUTION 01.5
        return List.of(new WatchTrigger(EventType.NODE_DATA_CHANGED, path));
        // END SOLUTION
    }

    /**
     * Whether an event fires one-time <em>data</em> watches (set by getData, and by exists
     * whether or not the node exists).
     *
     * <p>Hint (01.5): every event about the node itself does; a change among its children does not.
     */
    public static boolean firesDataWatch(EventType type) {
        // BEGIN SOLUTION 01.5
        return type == EventType.NODE_CREATED || type == EventType.NODE_DELETED || type == EventType.NODE_DATA_CHANGED;
        // END SOLUTION
    }

    /**
     * Whether an event fires one-time <em>child</em> watches (set by getChildren).
     *
     * <p>Hint (01.5): a child watch is about the list of children, and about the node
     * disappearing; a node cannot be created while someone holds a child watch on it.
     */
    public static boolean firesChildWatch(EventType type) {
        // BEGIN SOLUTION 01.5
        return type == EventType.NODE_CHILDREN_CHANGED || type == EventType.NODE_DELETED;
        // END SOLUTION
    }
}
