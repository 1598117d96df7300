package dev.minizk.tree;

/** ZooKeeper's watch event types ({@code Watcher.Event.EventType}), with their wire numbers. */
public enum EventType {
    NONE(-1),
    NODE_CREATED(1),
    NODE_DELETED(2),
    NODE_DATA_CHANGED(3),
    NODE_CHILDREN_CHANGED(4),
    DATA_WATCH_REMOVED(5),
    CHILD_WATCH_REMOVED(6),
    PERSISTENT_WATCH_REMOVED(7);

    private final int value;

    EventType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static EventType of(int value) {
        for (EventType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type " + value);
    }
}
