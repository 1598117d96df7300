package dev.minizk.proto;

/** The connection states a client's watcher hears about ({@code Watcher.Event.KeeperState}). */
public enum KeeperState {
    DISCONNECTED(0),
    SYNC_CONNECTED(3),
    AUTH_FAILED(4),
    CONNECTED_READ_ONLY(5),
    EXPIRED(-112),
    /** Client-side only: the application closed the handle. */
    CLOSED(7);

    private final int value;

    KeeperState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static KeeperState of(int value) {
        for (KeeperState state : values()) {
            if (state.value == value) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown keeper state " + value);
    }
}
