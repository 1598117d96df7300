package dev.minizk.proto;

/** Which watches checkWatches/removeWatches mean ({@code Watcher.WatcherType}). */
public enum WatcherType {
    CHILDREN(1),
    DATA(2),
    ANY(3),
    PERSISTENT(4),
    PERSISTENT_RECURSIVE(5);

    private final int value;

    WatcherType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type for a wire number, or null for a number ZooKeeper does not define. */
    public static WatcherType ofOrNull(int value) {
        for (WatcherType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        return null;
    }
}
