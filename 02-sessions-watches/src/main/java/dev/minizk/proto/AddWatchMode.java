package dev.minizk.proto;

/** The two kinds of watch addWatch sets; they stay until removed or the session ends. */
public enum AddWatchMode {
    /** Events for the node itself and changes to its list of children. */
    PERSISTENT(0),
    /** Created, deleted and data-changed events for the node and every descendant. */
    PERSISTENT_RECURSIVE(1);

    private final int value;

    AddWatchMode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static AddWatchMode ofOrNull(int value) {
        for (AddWatchMode mode : values()) {
            if (mode.value == value) {
                return mode;
            }
        }
        return null;
    }
}
