package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import dev.minizk.tree.ZnodePath;
import dev.minizk.tree.Znode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The prep step (ZooKeeper's {@code PrepRequestProcessor}): checks a write request against
 * the current state and turns it into a {@link Txn}. Everything non-deterministic or
 * state-dependent is decided here, once, so that applying the txn is a pure function.
 *
 * <p>The checks run in ZooKeeper's order, because the order decides which error a client
 * gets when several apply (creating {@code /a/} under a missing {@code /a} is NONODE, not
 * BADARGUMENTS). A failed check does not lose the request: it becomes a {@link Txn.Error}
 * that still takes a zxid.
 *
 * <p>Prep reads the tree through the changes it has prepared but not yet seen applied
 * ({@link NodeRecord}); call {@link #applied(long)} after each txn is applied.
 */
public final class TxnBuilder {
    /** ZooKeeper's default {@code jute.maxbuffer}: no znode's data may be larger. */
    public static final int MAX_DATA_LENGTH = 0xFFFFF;

    private final DataTree tree;
    private final boolean ttlEnabled;
    private final Deque<NodeRecord> outstanding = new ArrayDeque<>();
    private final Map<String, NodeRecord> outstandingByPath = new HashMap<>();

    /**
     * @param ttlEnabled whether TTL nodes may be created (ZooKeeper's
     *                   {@code zookeeper.extendedTypesEnabled}); without it they are UNIMPLEMENTED
     */
    public TxnBuilder(DataTree tree, boolean ttlEnabled) {
        this.tree = tree;
        this.ttlEnabled = ttlEnabled;
    }

    /** The txn for a request by {@code header.sessionId()}; a failed check gives a {@link Txn.Error}. */
    public Txn prepare(TxnHeader header, Op op, AccessPolicy access) {
        if (op instanceof Op.Multi multi) {
            return prepareMulti(header, multi.ops(), access);
        }
        try {
            return prepareOne(header, op, access);
        } catch (KeeperException e) {
            return new Txn.Error(e.code());
        }
    }

    /** The txn that ends a session: it deletes the ephemerals the session owns, counting prepared changes. */
    public Txn.CloseSession closeSession(TxnHeader header) {
        long session = header.sessionId();
        TreeSet<String> paths = new TreeSet<>(tree.ephemerals(session));
        for (NodeRecord record : outstandingByPath.values()) {
            if (!record.exists()) {
                paths.remove(record.path());
            } else if (record.ephemeralOwner() == session) {
                paths.add(record.path());
            }
        }
        for (String path : paths) {
            String parentPath = ZnodePath.parent(path);
            remember(record(parentPath).withChildDeleted(header.zxid()));
            remember(NodeRecord.deleted(header.zxid(), path));
        }
        return new Txn.CloseSession(List.copyOf(paths));
    }

    /** Forgets prepared changes up to {@code zxid}: the tree now shows them. */
    public void applied(long zxid) {
        while (!outstanding.isEmpty() && outstanding.peekFirst().zxid() <= zxid) {
            NodeRecord done = outstanding.removeFirst();
            if (outstandingByPath.get(done.path()) == done) {
                outstandingByPath.remove(done.path());
            }
        }
    }

    private Txn prepareOne(TxnHeader header, Op op, AccessPolicy access) {
        if (op instanceof Op.Create create) {
            return prepareCreate(header, create, access);
        } else if (op instanceof Op.Delete delete) {
            return prepareDelete(header, delete, access);
        } else if (op instanceof Op.SetData setData) {
            return prepareSetData(header, setData, access);
        } else if (op instanceof Op.SetAcl setAcl) {
            return prepareSetAcl(header, setAcl, access);
        } else if (op instanceof Op.Check check) {
            return prepareCheck(check, access);
        }
        throw new KeeperException(ErrorCode.BADARGUMENTS, null, "unknown op " + op);
    }

    /** ZooKeeper's multi carries creates, deletes, setData and checks; nothing else, not even another multi. */
    private static void requireMultiOp(Op op) {
        if (!(op instanceof Op.Create || op instanceof Op.Delete || op instanceof Op.SetData || op instanceof Op.Check)) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, null, "a multi may hold only create, delete, setData and check");
        }
    }

    /**
     * Hint (01.6): ZooKeeper's order is: mode and TTL; a cheap path check (a slash, no NUL);
     * the ACL; the parent (NONODE); CREATE permission on it; the sequential suffix; the full
     * path check; NODEEXISTS; NOCHILDRENFOREPHEMERALS. Then record the parent's new counter
     * and the new node as prepared changes, and build the txn that fits the mode.
     */
    private Txn prepareCreate(TxnHeader header, Op.Create op, AccessPolicy access) {
        // BEGIN SOLUTION 01.6
        CreateMode mode = op.mode();
        long owner = ownerFor(mode, header.sessionId(), op.ttl(), op.path());
        checkDataLength(op.path(), op.data());
        String parentPath = parentBeforeValidation(op.path());
        List<Acl> acl = access.fixupAcl(op.path(), op.acl());
        NodeRecord parent = record(parentPath);
        access.checkPermission(parentPath, parent.acl(), Perms.CREATE);
        String path = mode.isSequential() ? sequentialName(op.path(), parent.childCreates()) : op.path();
        ZnodePath.validate(path);
        if (exists(path)) {
            throw new KeeperException(ErrorCode.NODEEXISTS, path);
        }
        if (EphemeralOwner.isSession(parent.ephemeralOwner())) {
            throw new KeeperException(ErrorCode.NOCHILDRENFOREPHEMERALS, path);
        }
        int parentCVersion = parent.childCreates() + 1;
        remember(parent.withChildCreated(header.zxid(), parentCVersion));
        remember(NodeRecord.created(header.zxid(), path, owner, acl));
        if (mode.isContainer()) {
            return new Txn.CreateContainer(path, op.data(), acl, parentCVersion);
        } else if (mode.isTtl()) {
            return new Txn.CreateTtl(path, op.data(), acl, parentCVersion, op.ttl());
        }
        return new Txn.Create(path, op.data(), acl, mode.isEphemeral(), parentCVersion);
        // END SOLUTION
    }

    /**
     * The name a sequential create gets: the requested path plus the parent's child-create
     * counter, as ten digits ({@code /q/item-0000000007}).
     *
     * <p>Hint (01.4): ZooKeeper formats the signed int with {@code %010d}, so after
     * 2147483647 the suffix becomes {@code -2147483648}. Format with a fixed locale.
     */
    static String sequentialName(String requestedPath, int parentChildCreates) {
        // BEGIN SOLUTION 01.4
        return requestedPath + String.format(Locale.ROOT, "%010d", parentChildCreates);
        // END SOLUTION
    }

    /**
     * Hint (01.6): a cheap path check that also refuses the system nodes (BADARGUMENTS); the
     * parent (NONODE); DELETE permission on the parent; the node (NONODE); the version
     * (BADVERSION); children (NOTEMPTY).
     */
    private Txn prepareDelete(TxnHeader header, Op.Delete op, AccessPolicy access) {
        // BEGIN SOLUTION 01.6
        String path = op.path();
        String parentPath = parentBeforeValidation(path);
        if (DataTree.isSystemPath(path)) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path, "system nodes cannot be deleted");
        }
        NodeRecord parent = record(parentPath);
        access.checkPermission(parentPath, parent.acl(), Perms.DELETE);
        NodeRecord node = record(path);
        nextVersion(path, node.version(), op.version());
        if (node.childCount() > 0) {
            throw new KeeperException(ErrorCode.NOTEMPTY, path);
        }
        remember(parent.withChildDeleted(header.zxid()));
        remember(NodeRecord.deleted(header.zxid(), path));
        return new Txn.Delete(path);
        // END SOLUTION
    }

    /** Hint (01.6): full path check; the node; WRITE permission; the version, which gives the new one. */
    private Txn prepareSetData(TxnHeader header, Op.SetData op, AccessPolicy access) {
        // BEGIN SOLUTION 01.6
        String path = op.path();
        ZnodePath.validate(path);
        checkDataLength(path, op.data());
        NodeRecord node = record(path);
        access.checkPermission(path, node.acl(), Perms.WRITE);
        int newVersion = nextVersion(path, node.version(), op.version());
        remember(node.withVersion(header.zxid(), newVersion));
        return new Txn.SetData(path, op.data(), newVersion);
        // END SOLUTION
    }

    private Txn prepareSetAcl(TxnHeader header, Op.SetAcl op, AccessPolicy access) {
        String path = op.path();
        ZnodePath.validate(path);
        List<Acl> acl = access.fixupAcl(path, op.acl());
        NodeRecord node = record(path);
        access.checkPermission(path, node.acl(), Perms.ADMIN);
        int newAversion = nextVersion(path, node.aversion(), op.version());
        remember(node.withAcl(header.zxid(), acl, newAversion));
        return new Txn.SetAcl(path, acl, newAversion);
    }

    private Txn prepareCheck(Op.Check op, AccessPolicy access) {
        String path = op.path();
        ZnodePath.validate(path);
        NodeRecord node = record(path);
        access.checkPermission(path, node.acl(), Perms.READ);
        nextVersion(path, node.version(), op.version());
        return new Txn.Check(path, node.version());
    }

    /**
     * Prepares every op of a multi against the state the earlier ops leave. When one fails,
     * the ops before it keep their txns, the failing op becomes an error txn with its code,
     * every later op an error txn with RUNTIMEINCONSISTENCY, and the prepared changes of the
     * whole multi are undone: the tree will apply none of it.
     *
     * <p>Hint (01.7): remember how many changes were outstanding before the multi, so you
     * can take back exactly the ones it added ({@link #rollbackTo(int)}). An op that does not
     * belong in a multi ({@link #requireMultiOp(Op)}) fails like any other.
     */
    private Txn.Multi prepareMulti(TxnHeader header, List<Op> ops, AccessPolicy access) {
        // BEGIN SOLUTION 01.7
        int checkpoint = outstanding.size();
        List<Txn> txns = new ArrayList<>(ops.size());
        boolean failed = false;
        for (Op op : ops) {
            if (failed) {
                txns.add(new Txn.Error(ErrorCode.RUNTIMEINCONSISTENCY));
                continue;
            }
            try {
                requireMultiOp(op);
                txns.add(prepareOne(header, op, access));
            } catch (KeeperException e) {
                txns.add(new Txn.Error(e.code()));
                rollbackTo(checkpoint);
                failed = true;
            }
        }
        return new Txn.Multi(txns);
        // END SOLUTION
    }

    /**
     * The version a node has after a conditional change, or BADVERSION if the caller expected
     * another one. -1 means "any version".
     *
     * <p>Hint (01.3): versions are signed ints that wrap from MAX_VALUE to MIN_VALUE, and the
     * value -1 is reserved for "any", so a version that would become -1 becomes 0 instead.
     */
    static int nextVersion(String path, int current, int expected) {
        // BEGIN SOLUTION 01.3
        if (expected != -1 && expected != current) {
            throw new KeeperException(ErrorCode.BADVERSION, path);
        }
        int next = current + 1;
        return next == -1 ? 0 : next;
        // END SOLUTION
    }

    // ------------------------------------------------------------------ helpers

    /** The owner a new node gets; checks the TTL rules on the way (ZooKeeper's first checks). */
    private long ownerFor(CreateMode mode, long sessionId, long ttl, String path) {
        if (mode.isTtl() && !ttlEnabled) {
            throw new KeeperException(ErrorCode.UNIMPLEMENTED, path, "TTL nodes are disabled on this server");
        }
        if (mode.isTtl()) {
            return EphemeralOwner.ttl(ttl);
        }
        if (ttl >= 0) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path, "a ttl is only for TTL modes, not " + mode);
        }
        if (mode.isContainer()) {
            return EphemeralOwner.CONTAINER;
        }
        if (mode.isEphemeral()) {
            if (!EphemeralOwner.isSession(sessionId)) {
                throw new KeeperException(ErrorCode.BADARGUMENTS, path, "an ephemeral node needs a session");
            }
            return sessionId;
        }
        return EphemeralOwner.NONE;
    }

    private static void checkDataLength(String path, byte[] data) {
        if (data != null && data.length > MAX_DATA_LENGTH) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path,
                    "data is " + data.length + " bytes, the limit is " + MAX_DATA_LENGTH);
        }
    }

    /**
     * ZooKeeper's cheap check before it looks up a parent: the path needs a slash and no NUL.
     * The full check comes later, so {@code /missing/} is NONODE, not BADARGUMENTS.
     */
    private static String parentBeforeValidation(String path) {
        int lastSlash = path == null ? -1 : path.lastIndexOf('/');
        if (lastSlash < 0 || path.indexOf('\0') >= 0) {
            throw new KeeperException(ErrorCode.BADARGUMENTS, path, "invalid path");
        }
        return lastSlash == 0 ? ZnodePath.ROOT : path.substring(0, lastSlash);
    }

    private boolean exists(String path) {
        NodeRecord pending = outstandingByPath.get(path);
        return pending != null ? pending.exists() : tree.exists(path);
    }

    /** The node as prep must see it: the latest prepared change, else the tree. */
    private NodeRecord record(String path) {
        NodeRecord pending = outstandingByPath.get(path);
        if (pending != null) {
            if (!pending.exists()) {
                throw new KeeperException(ErrorCode.NONODE, path);
            }
            return pending;
        }
        Znode node = tree.node(path);
        if (node == null) {
            throw new KeeperException(ErrorCode.NONODE, path);
        }
        return NodeRecord.of(path, node);
    }

    private void remember(NodeRecord record) {
        outstanding.addLast(record);
        outstandingByPath.put(record.path(), record);
    }

    /** Takes back the changes prepared after the first {@code size} ones. */
    private void rollbackTo(int size) {
        while (outstanding.size() > size) {
            NodeRecord undone = outstanding.removeLast();
            outstandingByPath.remove(undone.path());
        }
        // An earlier change to the same path may still be outstanding: it is the view again.
        for (NodeRecord record : outstanding) {
            outstandingByPath.put(record.path(), record);
        }
    }
}
