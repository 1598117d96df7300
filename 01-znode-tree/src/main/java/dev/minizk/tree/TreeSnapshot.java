package dev.minizk.tree;

import static dev.minizk.tree.LengthPrefixed.readBytes;
import static dev.minizk.tree.LengthPrefixed.readString;
import static dev.minizk.tree.LengthPrefixed.writeBytes;
import static dev.minizk.tree.LengthPrefixed.writeString;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a {@link DataTree} as bytes, and back.
 *
 * <p>ZooKeeper never stops applying txns to take a snapshot: it walks the tree while txns
 * keep changing it, so the snapshot is <em>fuzzy</em>, a mix of states between its start and
 * its end. That is safe because txns are idempotent: restore the snapshot, replay every txn
 * after the zxid the walk started at, and you reach exactly the live tree. A {@link Writer}
 * can be advanced a few nodes at a time to show this.
 *
 * <p>Format: magic, version, start zxid, then one record per node, parents before children:
 * path, data (length -1 for null), ACL (an index into the ACLs written so far, followed by
 * the list itself the first time it appears), Stat fields, child-create counter, owner;
 * a {@code false} flag ends it. Only what cannot be recomputed is stored: children, the
 * ephemeral index and container/TTL sets are rebuilt on restore.
 */
public final class TreeSnapshot {
    static final int MAGIC = 0x4D5A534E; // "MZSN"
    static final int VERSION = 1;

    private TreeSnapshot() {
    }

    /** A consistent snapshot of the tree as it is now. */
    public static byte[] serialize(DataTree tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Writer writer = new Writer(tree, out);
            writer.writeAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Restores a tree; its last processed zxid is the zxid the snapshot started at. */
    public static DataTree deserialize(byte[] snapshot) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            return read(in);
        }
    }

    /**
     * Hint (01.9): check the magic and version (IOException if wrong), read the start zxid,
     * then node records until the end flag, mirroring {@link Writer#writeNode}. Each node's
     * parent is already restored when it arrives; a record whose parent is missing means the
     * snapshot is corrupt (IOException). A truncated stream is corrupt too.
     */
    public static DataTree read(DataInput in) throws IOException {
        // BEGIN SOLUTION 01.9
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a minizk snapshot (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("unsupported snapshot version " + version);
            }
            DataTree tree = DataTree.empty();
            tree.setLastProcessedZxid(in.readLong());
            List<List<Acl>> acls = new ArrayList<>();
            while (in.readBoolean()) {
                String path = readString(in);
                byte[] data = readBytes(in);
                List<Acl> acl = readAcl(in, acls, tree.aclCache());
                Znode node = Znode.restore(data, acl, in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        in.readLong(), in.readInt(), in.readInt(), in.readInt(), in.readLong());
                if (!path.equals(ZnodePath.ROOT) && !tree.exists(ZnodePath.parent(path))) {
                    throw new IOException("corrupt snapshot: " + path + " comes before its parent");
                }
                tree.restoreNode(path, node);
            }
            if (!tree.exists(ZnodePath.ROOT)) {
                throw new IOException("corrupt snapshot: no root node");
            }
            return tree;
        } catch (EOFException e) {
            throw new IOException("corrupt snapshot: it ends in the middle of a record", e);
        }
        // END SOLUTION
    }

    /**
     * Walks the tree depth-first, parents before children, writing each node as it is
     * <em>when the walk reaches it</em>. Between calls to {@link #step(int)} the tree may change;
     * nodes deleted before the walk reaches them are skipped, nodes created under a parent the
     * walk has already passed are missed. Replaying the txns after {@link #startZxid()} repairs both.
     */
    public static final class Writer {
        private final DataTree tree;
        private final DataOutput out;
        private final Deque<String> pending = new ArrayDeque<>();
        private final Map<List<Acl>, Integer> aclIndex = new IdentityHashMap<>();
        private final long startZxid;
        private boolean finished;

        public Writer(DataTree tree, DataOutput out) throws IOException {
            this.tree = tree;
            this.out = out;
            this.startZxid = tree.lastProcessedZxid();
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(startZxid);
            pending.push(ZnodePath.ROOT);
        }

        /** The zxid the tree had when the walk began: replay from the next one. */
        public long startZxid() {
            return startZxid;
        }

        /** Writes up to {@code maxNodes} more nodes; returns true once the walk is complete. */
        public boolean step(int maxNodes) throws IOException {
            for (int written = 0; written < maxNodes && !pending.isEmpty(); ) {
                String path = pending.pop();
                Znode node = tree.node(path);
                if (node == null) {
                    continue; // deleted after its parent was written; a replayed delete agrees
                }
                writeNode(path, node);
                written++;
                for (String name : node.children()) {
                    pending.push(ZnodePath.child(path, name));
                }
            }
            if (pending.isEmpty() && !finished) {
                out.writeBoolean(false);
                finished = true;
            }
            return finished;
        }

        public void writeAll() throws IOException {
            step(Integer.MAX_VALUE);
        }

        /** Hint (01.9): the record layout is in the class comment; {@link #readAcl} shows the ACL part. */
        private void writeNode(String path, Znode node) throws IOException {
            // BEGIN SOLUTION 01.9
            out.writeBoolean(true);
            writeString(out, path);
            writeBytes(out, node.hasNullData() ? null : node.data());
            writeAcl(node.acl());
            out.writeLong(node.czxid());
            out.writeLong(node.mzxid());
            out.writeLong(node.pzxid());
            out.writeLong(node.ctime());
            out.writeLong(node.mtime());
            out.writeInt(node.version());
            out.writeInt(node.aversion());
            out.writeInt(node.childCreates());
            out.writeLong(node.ephemeralOwner());
            // END SOLUTION
        }

        /** An ACL list is written once; later nodes with the same (shared) list refer to it by index. */
        private void writeAcl(List<Acl> acl) throws IOException {
            Integer known = aclIndex.get(acl);
            if (known != null) {
                out.writeInt(known);
                return;
            }
            int index = aclIndex.size();
            aclIndex.put(acl, index);
            out.writeInt(index);
            out.writeInt(acl.size());
            for (Acl entry : acl) {
                out.writeInt(entry.perms());
                writeString(out, entry.id().scheme());
                writeString(out, entry.id().id());
            }
        }
    }

    private static List<Acl> readAcl(DataInput in, List<List<Acl>> known, AclCache cache) throws IOException {
        int index = in.readInt();
        if (index < known.size() && index >= 0) {
            return known.get(index);
        }
        if (index != known.size()) {
            throw new IOException("corrupt snapshot: ACL index " + index + " out of order");
        }
        int size = in.readInt();
        checkLength(size);
        List<Acl> acl = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            acl.add(new Acl(in.readInt(), new Id(readString(in), readString(in))));
        }
        List<Acl> shared = cache.intern(acl);
        known.add(shared);
        return shared;
    }

    /** A count beyond any znode's is corruption; refuse it before allocating. */
    private static void checkLength(int length) throws IOException {
        if (length < 0 || length > LengthPrefixed.MAX_LENGTH) {
            throw new IOException("corrupt snapshot: length " + length);
        }
    }
}
