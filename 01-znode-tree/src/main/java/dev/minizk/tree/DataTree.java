package dev.minizk.tree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The replicated state machine: every server holds this whole tree (ZooKeeper does not
 * shard it), and every server applies the same txns to it in zxid order.
 *
 * <p>The changing methods are ZooKeeper's {@code DataTree} primitives. They take the zxid and
 * time <em>from the txn</em> and never read a clock, so applying the same txns gives the same
 * tree on every server. They are also <em>idempotent-tolerant</em>: a txn replayed over a
 * fuzzy snapshot that already contains its effect fails harmlessly (NODEEXISTS, NONODE) or
 * writes the same values again, which is what makes fuzzy snapshots work.
 *
 * <p>They do not check versions, ACLs or ephemeral parents: that is the prep step's job
 * ({@code TxnBuilder}), which runs once, on the leader, before the txn exists.
 *
 * <p>Single-threaded by design: one thread applies txns and answers reads.
 */
public final class DataTree {
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private final Map<String, Znode> nodes = new HashMap<>();
    /** Ephemeral paths per owning session, so closing a session finds them without a scan. */
    private final Map<Long, Set<String>> ephemerals = new HashMap<>();
    private final Set<String> containers = new HashSet<>();
    private final Set<String> ttls = new HashSet<>();
    private final AclCache aclCache = new AclCache();
    private long lastProcessedZxid;

    /** A fresh tree: the root and ZooKeeper's system nodes, all with zero Stats. */
    public DataTree() {
        Znode root = systemNode(Acl.OPEN_ACL_UNSAFE);
        nodes.put(ZnodePath.ROOT, root);
        Znode zookeeper = systemNode(Acl.OPEN_ACL_UNSAFE);
        addSystemChild(root, "zookeeper", ZOOKEEPER, zookeeper);
        addSystemChild(zookeeper, "quota", QUOTA, systemNode(Acl.OPEN_ACL_UNSAFE));
        Znode config = systemNode(Acl.OPEN_ACL_UNSAFE);
        // ZooKeeper protects the config node with a setACL at version -1 when it starts,
        // so its aversion reads -1 on every server (ZOOKEEPER-2014).
        config.setAcl(aclCache.intern(Acl.READ_ACL_UNSAFE), -1);
        addSystemChild(zookeeper, "config", CONFIG, config);
    }

    /** An empty tree with no nodes at all, for restoring a snapshot into. */
    static DataTree empty() {
        DataTree tree = new DataTree();
        tree.nodes.clear();
        return tree;
    }

    private Znode systemNode(List<Acl> acl) {
        return new Znode(new byte[0], aclCache.intern(acl), EphemeralOwner.NONE, 0, 0);
    }

    private void addSystemChild(Znode parent, String name, String path, Znode child) {
        // System nodes are not created by txns, so they do not count as child creates.
        parent.addChild(name);
        nodes.put(path, child);
    }

    /** The root, {@code /zookeeper} and its two children: they cannot be deleted. */
    public static boolean isSystemPath(String path) {
        return path.equals(ZnodePath.ROOT) || path.equals(ZOOKEEPER) || path.equals(QUOTA) || path.equals(CONFIG);
    }

    // ------------------------------------------------------------------ reads

    /** The node at a path, or null. */
    public Znode node(String path) {
        return nodes.get(path);
    }

    public boolean exists(String path) {
        return nodes.containsKey(path);
    }

    /** The node's Stat; NONODE when it does not exist. */
    public Stat stat(String path) {
        return existing(path).stat();
    }

    public byte[] getData(String path) {
        return existing(path).data();
    }

    public List<Acl> getAcl(String path) {
        return existing(path).acl();
    }

    /** The child names, in no particular order, as ZooKeeper (callers sort when they care). */
    public List<String> getChildren(String path) {
        return existing(path).children();
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** The paths of a session's ephemeral nodes, sorted. */
    public Set<String> ephemerals(long sessionId) {
        Set<String> paths = ephemerals.get(sessionId);
        return paths == null ? Set.of() : new TreeSet<>(paths);
    }

    /** The sessions that own at least one ephemeral node, sorted. */
    public Set<Long> sessionsWithEphemerals() {
        Set<Long> sessions = new TreeSet<>();
        ephemerals.forEach((session, paths) -> {
            if (!paths.isEmpty()) {
                sessions.add(session);
            }
        });
        return sessions;
    }

    /** The zxid of the last txn applied to this tree. */
    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    public void setLastProcessedZxid(long zxid) {
        this.lastProcessedZxid = zxid;
    }

    /** Every path, sorted; for tests, snapshots and the status page, not for hot paths. */
    public List<String> paths() {
        return new ArrayList<>(new TreeSet<>(nodes.keySet()));
    }

    private Znode existing(String path) {
        Znode node = nodes.get(path);
        if (node == null) {
            throw new KeeperException(ErrorCode.NONODE, path);
        }
        return node;
    }

    // ------------------------------------------------------------------ changes

    /**
     * Creates a node and returns its Stat.
     *
     * @param ephemeralOwner  0, the owning session, or a container/TTL encoding ({@link EphemeralOwner})
     * @param parentCVersion  the parent's child-create counter after this create, computed by prep;
     *                        -1 means "one more than now"
     * @throws KeeperException NONODE if the parent is missing, NODEEXISTS if the node exists
     *
     * <p>Hint (01.2): look up the parent, refuse a duplicate name, then link the new node in.
     * The new node's czxid, mzxid and pzxid are the txn's zxid; ctime and mtime its time.
     * The parent's counter and pzxid move only when {@code parentCVersion} is ahead of the
     * counter: a create replayed over a snapshot that already saw it must not move them back.
     * Remember the node in the ephemeral, container or TTL index its owner says.
     */
    public Stat createNode(String path, byte[] data, List<Acl> acl, long ephemeralOwner,
                           int parentCVersion, long zxid, long time) {
        // BEGIN SOLUTION 01.2
        String parentPath = ZnodePath.parent(path);
        String name = ZnodePath.name(path);
        Znode parent = nodes.get(parentPath);
        if (parent == null) {
            throw new KeeperException(ErrorCode.NONODE, parentPath);
        }
        if (parent.hasChild(name)) {
            throw new KeeperException(ErrorCode.NODEEXISTS, path);
        }
        if (parentCVersion == -1) {
            parentCVersion = parent.childCreates() + 1;
        }
        if (parentCVersion > parent.childCreates()) {
            parent.setChildCreates(parentCVersion);
            parent.setPzxid(zxid);
        }
        Znode node = new Znode(data, aclCache.intern(acl), ephemeralOwner, zxid, time);
        parent.addChild(name);
        nodes.put(path, node);
        indexOwner(path, ephemeralOwner);
        return node.stat();
        // END SOLUTION
    }

    /**
     * Deletes a node.
     *
     * @throws KeeperException NONODE if the parent or the node is missing
     *
     * <p>Hint (01.3): unlink the name from the parent, raise the parent's pzxid to this zxid
     * (never lower it: a replayed delete may be older than the pzxid a later create set),
     * then drop the node and its entry in the ephemeral, container or TTL index. As in
     * ZooKeeper, the parent's pzxid moves even when the node itself is already gone.
     */
    public void deleteNode(String path, long zxid) {
        // BEGIN SOLUTION 01.3
        String parentPath = ZnodePath.parent(path);
        Znode parent = nodes.get(parentPath);
        if (parent == null) {
            throw new KeeperException(ErrorCode.NONODE, parentPath);
        }
        parent.removeChild(ZnodePath.name(path));
        if (zxid > parent.pzxid()) {
            parent.setPzxid(zxid);
        }
        Znode node = nodes.remove(path);
        if (node == null) {
            throw new KeeperException(ErrorCode.NONODE, path);
        }
        unindexOwner(path, node.ephemeralOwner());
        // END SOLUTION
    }

    /**
     * Replaces a node's data and returns its new Stat.
     *
     * @param version the node's new data version, computed by prep (not the expected one)
     *
     * <p>Hint (01.3): data, version, mzxid and mtime change together; nothing else does.
     */
    public Stat setData(String path, byte[] data, int version, long zxid, long time) {
        // BEGIN SOLUTION 01.3
        Znode node = existing(path);
        node.setData(data, version, zxid, time);
        return node.stat();
        // END SOLUTION
    }

    /**
     * Replaces a node's ACL and returns its new Stat. Only aversion changes: an ACL change is
     * not a data change, so mzxid and mtime stay.
     *
     * @param aversion the node's new ACL version, computed by prep
     */
    public Stat setAcl(String path, List<Acl> acl, int aversion) {
        Znode node = existing(path);
        node.setAcl(aclCache.intern(acl), aversion);
        return node.stat();
    }

    /**
     * Removes a closed session's ephemeral nodes and returns the paths it deleted, in order.
     *
     * @param pathsFromTxn the paths the closeSession txn names (prep's view of the session's
     *                     ephemerals); deleted first, in that order, skipping any already gone
     *
     * <p>Hint (01.8): after the txn's paths, delete any ephemeral the session still owns here
     * (sorted, so every server deletes in the same order), and forget the session.
     */
    public List<String> killSession(long sessionId, List<String> pathsFromTxn, long zxid) {
        // BEGIN SOLUTION 01.8
        List<String> deleted = new ArrayList<>();
        for (String path : pathsFromTxn) {
            deleteIfPresent(path, zxid, deleted);
        }
        Set<String> remaining = ephemerals.remove(sessionId);
        if (remaining != null) {
            for (String path : new TreeSet<>(remaining)) {
                deleteIfPresent(path, zxid, deleted);
            }
        }
        return deleted;
        // END SOLUTION
    }

    /**
     * Deletes one of a closed session's nodes. A node already gone (a replay over a fuzzy
     * snapshot) is skipped, but only after {@link #deleteNode} has moved its parent's pzxid,
     * as ZooKeeper's {@code deleteNodes} does: otherwise the replayed parent keeps an older pzxid.
     */
    private void deleteIfPresent(String path, long zxid, List<String> deleted) {
        try {
            deleteNode(path, zxid);
            deleted.add(path);
        } catch (KeeperException e) {
            // NONODE: nothing left to delete
        }
    }

    /**
     * The containers and TTL nodes a reaper should delete now, sorted.
     *
     * @param now                 the current time in ms (the reaper's clock, not a txn's)
     * @param maxNeverUsedMillis  how long a container that never had a child may live; 0 = forever
     *
     * <p>Hint (01.8): a container is due once it is empty <em>and</em> has had a child
     * (its create counter is above zero), or, if enabled, once it has stayed empty and unused
     * longer than {@code maxNeverUsedMillis} since its last data change. A TTL node is due
     * when it has no children and more than its TTL has passed since its last data change.
     */
    public List<String> reapCandidates(long now, long maxNeverUsedMillis) {
        // BEGIN SOLUTION 01.8
        List<String> due = new ArrayList<>();
        for (String path : containers) {
            Znode node = nodes.get(path);
            if (node.childCount() > 0) {
                continue;
            }
            boolean used = node.childCreates() > 0;
            boolean idleTooLong = maxNeverUsedMillis != 0 && now - node.mtime() > maxNeverUsedMillis;
            if (used || idleTooLong) {
                due.add(path);
            }
        }
        for (String path : ttls) {
            Znode node = nodes.get(path);
            if (node.childCount() == 0 && now - node.mtime() > EphemeralOwner.ttlOf(node.ephemeralOwner())) {
                due.add(path);
            }
        }
        due.sort(null);
        return due;
        // END SOLUTION
    }

    private void indexOwner(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.add(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls.add(path);
        } else if (owner != EphemeralOwner.NONE) {
            ephemerals.computeIfAbsent(owner, session -> new HashSet<>()).add(path);
        }
    }

    private void unindexOwner(String path, long owner) {
        if (EphemeralOwner.isContainer(owner)) {
            containers.remove(path);
        } else if (EphemeralOwner.isTtl(owner)) {
            ttls.remove(path);
        } else if (owner != EphemeralOwner.NONE) {
            Set<String> paths = ephemerals.get(owner);
            if (paths != null) {
                paths.remove(path);
            }
        }
    }

    // ------------------------------------------------------------------ snapshots

    /** Puts a restored node in place; its parent, if any, is already there. */
    void restoreNode(String path, Znode node) {
        nodes.put(path, node);
        if (!path.equals(ZnodePath.ROOT)) {
            nodes.get(ZnodePath.parent(path)).addChild(ZnodePath.name(path));
        }
        indexOwner(path, node.ephemeralOwner());
    }

    AclCache aclCache() {
        return aclCache;
    }

    /** The nodes in an order where each parent comes before its children. */
    Collection<String> pathsParentsFirst() {
        List<String> order = new ArrayList<>(nodes.size());
        order.add(ZnodePath.ROOT);
        for (int i = 0; i < order.size(); i++) {
            String path = order.get(i);
            Znode node = nodes.get(path);
            if (node.childCount() > 0) {
                for (String name : node.children()) {
                    order.add(ZnodePath.child(path, name));
                }
            }
        }
        return order;
    }
}
