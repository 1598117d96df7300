package dev.minizk.watch;

/** The kinds of watch a connection can hold on one path. */
public enum WatchKind {
    /** One-time, set by getData on an existing node or by exists (existing or not). */
    DATA,
    /** One-time, set by getChildren on an existing node. */
    CHILD,
    /** addWatch PERSISTENT: the node's own events and changes to its child list, until removed. */
    PERSISTENT,
    /** addWatch PERSISTENT_RECURSIVE: created/deleted/data-changed for the node and its whole subtree, until removed. */
    PERSISTENT_RECURSIVE
}
