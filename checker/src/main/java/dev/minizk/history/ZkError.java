package dev.minizk.history;

/**
 * The error results the checker's model of the tree can produce, with ZooKeeper's numbers.
 * Errors that say nothing about the tree (connection loss, timeouts, an expired or moved session)
 * are not results: record such an op's outcome as {@link Outcome.Unknown}.
 */
public enum ZkError {
    BADARGUMENTS(-8),
    NONODE(-101),
    BADVERSION(-103),
    NOCHILDRENFOREPHEMERALS(-108),
    NODEEXISTS(-110),
    NOTEMPTY(-111);

    private final int code;

    ZkError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error with this wire code; a clear complaint for a code that is not a tree result. */
    public static ZkError ofCode(int code) {
        for (ZkError error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        throw new IllegalArgumentException("error code " + code + " is not a result of the tree"
                + " (record connection loss, timeouts and session errors as an unknown outcome)");
    }
}
