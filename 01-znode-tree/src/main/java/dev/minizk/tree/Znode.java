package dev.minizk.tree;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One node of the tree as the server stores it.
 *
 * <p>It differs from the {@link Stat} a client sees in two ways, both as in ZooKeeper:
 * it keeps the number of child <em>creates</em> ({@link #childCreates()}, the counter behind
 * sequential names) instead of cversion, and it keeps the raw {@code ephemeralOwner}, which
 * also encodes containers and TTL nodes ({@link EphemeralOwner}).
 *
 * <p>Only {@link DataTree} changes a node; everyone else reads it.
 */
public final class Znode {
    private static final byte[] NO_DATA = new byte[0];

    private byte[] data;
    private List<Acl> acl;
    private final long czxid;
    private final long ctime;
    private final long ephemeralOwner;
    private long mzxid;
    private long mtime;
    private long pzxid;
    private int version;
    private int aversion;
    private int childCreates;
    /** Child names; null until the first child, because most nodes are leaves. */
    private Set<String> children;

    Znode(byte[] data, List<Acl> acl, long ephemeralOwner, long zxid, long time) {
        this.data = data;
        this.acl = acl;
        this.ephemeralOwner = ephemeralOwner;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.pzxid = zxid;
        this.ctime = time;
        this.mtime = time;
    }

    /** Restores a node exactly as a snapshot recorded it. */
    static Znode restore(byte[] data, List<Acl> acl, long czxid, long mzxid, long pzxid, long ctime, long mtime,
                         int version, int aversion, int childCreates, long ephemeralOwner) {
        Znode node = new Znode(data, acl, ephemeralOwner, czxid, ctime);
        node.mzxid = mzxid;
        node.pzxid = pzxid;
        node.mtime = mtime;
        node.version = version;
        node.aversion = aversion;
        node.childCreates = childCreates;
        return node;
    }

    /**
     * The Stat a client sees.
     *
     * <p>Hint (01.4): the node stores how many children were ever <em>created</em>; clients
     * expect cversion to count creates <em>and</em> deletes. Every child that is gone was
     * created once and deleted once, and every child still here was created once.
     */
    public Stat stat() {
        int numChildren = childCount();
        int cversion;
        // BEGIN SOLUTION 01.4
        cversion = 2 * childCreates - numChildren;
        // STUB: cversion = 0; // TODO 01.4: derive it from childCreates and numChildren
        // END SOLUTION
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion,
                EphemeralOwner.visibleToClients(ephemeralOwner), data == null ? 0 : data.length, numChildren, pzxid);
    }

    /** The data; the same array the tree holds, so callers must not change it. */
    public byte[] data() {
        return data == null ? NO_DATA : data;
    }

    /** True when the node was created with null data (ZooKeeper keeps null and empty apart). */
    public boolean hasNullData() {
        return data == null;
    }

    public List<Acl> acl() {
        return acl;
    }

    public long czxid() {
        return czxid;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        return pzxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mtime() {
        return mtime;
    }

    public int version() {
        return version;
    }

    public int aversion() {
        return aversion;
    }

    /** How many children were ever created under this node: the sequential-name counter. */
    public int childCreates() {
        return childCreates;
    }

    /** The raw owner field: a session id, 0, or a container/TTL encoding ({@link EphemeralOwner}). */
    public long ephemeralOwner() {
        return ephemeralOwner;
    }

    public int childCount() {
        return children == null ? 0 : children.size();
    }

    public boolean hasChild(String name) {
        return children != null && children.contains(name);
    }

    /** A copy of the child names, in no particular order (as ZooKeeper). */
    public List<String> children() {
        return children == null ? new ArrayList<>(0) : new ArrayList<>(children);
    }

    // ---- changes, made only by DataTree ----

    void addChild(String name) {
        if (children == null) {
            children = new HashSet<>(4);
        }
        children.add(name);
    }

    void removeChild(String name) {
        if (children != null) {
            children.remove(name);
        }
    }

    void setData(byte[] data, int version, long zxid, long time) {
        this.data = data;
        this.version = version;
        this.mzxid = zxid;
        this.mtime = time;
    }

    void setAcl(List<Acl> acl, int aversion) {
        this.acl = acl;
        this.aversion = aversion;
    }

    void setChildCreates(int childCreates) {
        this.childCreates = childCreates;
    }

    void setPzxid(long pzxid) {
        this.pzxid = pzxid;
    }
}
