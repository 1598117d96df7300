package dev.minizk.tree;

/**
 * ZooKeeper packs three kinds of node into the 64-bit {@code ephemeralOwner} field:
 * 0 for a plain persistent node, a session id for an ephemeral node, and two reserved
 * encodings for "persistent but reapable" nodes: {@code Long.MIN_VALUE} for a container,
 * and {@code 0xFF} in the top byte with the TTL in the low 40 bits for a TTL node.
 * Session ids never use those values (their top byte is a server id below 255).
 */
public final class EphemeralOwner {
    public static final long NONE = 0;
    public static final long CONTAINER = Long.MIN_VALUE;
    /** The largest TTL ZooKeeper accepts: 2^40 - 1 ms, about 34 years. */
    public static final long MAX_TTL = 0xFF_FFFF_FFFFL;

    private static final long TTL_MARK = 0xFF00_0000_0000_0000L;
    private static final long TTL_MARK_MASK = 0xFFFF_FF00_0000_0000L;

    private EphemeralOwner() {
    }

    public static long ttl(long ttlMillis) {
        if (ttlMillis <= 0 || ttlMillis > MAX_TTL) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, null, "ttl must be in 1.." + MAX_TTL + ", was " + ttlMillis);
        }
        return TTL_MARK | ttlMillis;
    }

    public static boolean isTtl(long owner) {
        return (owner & TTL_MARK_MASK) == TTL_MARK && owner != TTL_MARK;
    }

    public static long ttlOf(long owner) {
        return owner & MAX_TTL;
    }

    public static boolean isContainer(long owner) {
        return owner == CONTAINER;
    }

    /** True for a real session id: the node is ephemeral and may not have children. */
    public static boolean isSession(long owner) {
        return owner != NONE && !isContainer(owner) && !isTtl(owner);
    }

    /** What a client's Stat shows: the session id for ephemerals, 0 for everything else. */
    public static long visibleToClients(long owner) {
        return isSession(owner) ? owner : NONE;
    }
}
