package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;

import java.util.List;

/** A write request as a client states it, before prep turns it into a {@link Txn}. */
public sealed interface Op {

    /** {@code ttl} is only for the TTL modes; every other mode takes -1, as ZooKeeper's client sends. */
    record Create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl) implements Op {
        public Create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
            this(path, data, acl, mode, -1);
        }
    }

    /** {@code version} is the expected version; -1 means any. */
    record Delete(String path, int version) implements Op {
    }

    record SetData(String path, byte[] data, int version) implements Op {
    }

    record SetAcl(String path, List<Acl> acl, int version) implements Op {
    }

    /** Succeeds only while the node's version equals {@code version}; useful inside a multi. */
    record Check(String path, int version) implements Op {
    }

    /** Create, delete, setData and check ops that succeed or fail together. */
    record Multi(List<Op> ops) implements Op {
    }
}
