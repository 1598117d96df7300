package dev.minizk.tree;

/**
 * Path rules for znodes, exactly as ZooKeeper's {@code PathUtils}.
 *
 * <p>A path is absolute ({@code /a/b}), has no empty segment, no {@code .} or {@code ..}
 * segment, no trailing slash (except the root {@code /} itself) and no control or
 * reserved characters.
 */
public final class ZnodePath {
    public static final String ROOT = "/";

    private ZnodePath() {
    }

    /**
     * Checks a path and throws BADARGUMENTS, with the reason, when ZooKeeper would reject it.
     *
     * <p>Hint (01.1): walk the segments between slashes. A segment is bad when it is empty,
     * {@code "."} or {@code ".."}; a character is bad when {@link #isForbidden(char)} says so.
     * Check the whole-path rules first (null, empty, leading slash, trailing slash).
     */
    public static void validate(String path) {
        // BEGIN SOLUTION 01.1
        if (path == null) {
            throw badPath(path, "path cannot be null");
        }
        if (path.isEmpty()) {
            throw badPath(path, "path length must be > 0");
        }
        if (path.charAt(0) != '/') {
            throw badPath(path, "path must start with / character");
        }
        if (path.length() == 1) {
            return; // the root
        }
        if (path.charAt(path.length() - 1) == '/') {
            throw badPath(path, "path must not end with / character");
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String segment = path.substring(segmentStart, i);
                if (segment.isEmpty()) {
                    throw badPath(path, "empty node name specified @" + i);
                }
                if (segment.equals(".") || segment.equals("..")) {
                    throw badPath(path, "relative paths not allowed @" + (i - 1));
                }
                segmentStart = i + 1;
            } else if (isForbidden(path.charAt(i))) {
                throw badPath(path, (path.charAt(i) == 0 ? "null character not allowed @" : "invalid character @") + i);
            }
        }
        // END SOLUTION
    }

    /**
     * The characters ZooKeeper forbids in a path: NUL, the C0 and C1 control ranges,
     * the surrogate and private-use range, and the specials at the top of the BMP.
     */
    public static boolean isForbidden(char c) {
        return c == 0
                || (c >= '\u0001' && c <= '\u001f')
                || (c >= '\u007f' && c <= '\u009f')
                || (c >= '\ud800' && c <= '\uf8ff')
                || c >= '\ufff0';
    }

    /**
     * The parent of a path: {@code /a/b -> /a}, {@code /a -> /}.
     *
     * <p>Hint (01.1): cut at the last slash; the root has no parent (BADARGUMENTS).
     */
    public static String parent(String path) {
        // BEGIN SOLUTION 01.1
        if (path.equals(ROOT)) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path, "the root has no parent");
        }
        int lastSlash = path.lastIndexOf('/');
        return lastSlash <= 0 ? ROOT : path.substring(0, lastSlash);
        // END SOLUTION
    }

    /**
     * The last segment of a path, the node's name in its parent: {@code /a/b -> b}.
     *
     * <p>Hint (01.1): everything after the last slash.
     */
    public static String name(String path) {
        // BEGIN SOLUTION 01.1
        return path.substring(path.lastIndexOf('/') + 1);
        // END SOLUTION
    }

    /** The path of a child: {@code child("/", "a") -> /a}, {@code child("/a", "b") -> /a/b}. */
    public static String child(String parent, String name) {
        return parent.equals(ROOT) ? ROOT + name : parent + "/" + name;
    }

    private static KeeperException badPath(String path, String reason) {
        return new KeeperException(ErrorCode.BADARGUMENTS, path, "invalid path: " + reason);
    }
}
