package dev.minizk.tree;

/**
 * A failed operation, carrying ZooKeeper's error code and the path it concerns.
 *
 * <p>Unchecked, unlike ZooKeeper's own class: inside the server a failure is an ordinary
 * outcome that becomes an error reply or an error txn, so callers catch it where they turn
 * it into one.
 */
public class KeeperException extends RuntimeException {
    private final ErrorCode code;
    private final String path;

    public KeeperException(ErrorCode code, String path) {
        this(code, path, null);
    }

    public KeeperException(ErrorCode code, String path, String detail) {
        super(message(code, path, detail), null, false, false);
        this.code = code;
        this.path = path;
    }

    public ErrorCode code() {
        return code;
    }

    /** The path the error is about, or null when it concerns no single node. */
    public String path() {
        return path;
    }

    private static String message(ErrorCode code, String path, String detail) {
        StringBuilder text = new StringBuilder(code.name()).append(" (").append(code.value()).append(')');
        if (path != null) {
            text.append(" for ").append(path);
        }
        if (detail != null) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }
}
