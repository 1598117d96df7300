package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;

import java.util.List;

/**
 * A transaction: the deterministic, idempotent form of a write, with every decision already
 * made (the final path of a sequential node, the new version, the parent's new create
 * counter). Applying it needs no checks and no clock, so every server that applies the same
 * txns in the same order ends with the same tree. The family mirrors ZooKeeper's txn records.
 */
public sealed interface Txn {

    /**
     * The node this txn is about; null for session, error and multi txns. The records with a
     * {@code path} component answer with it (a record's accessor implements this method).
     */
    default String path() {
        return null;
    }

    /** A persistent or ephemeral node; the owner of an ephemeral one is the header's session. */
    record Create(String path, byte[] data, List<Acl> acl, boolean ephemeral, int parentCVersion) implements Txn {
    }

    record CreateContainer(String path, byte[] data, List<Acl> acl, int parentCVersion) implements Txn {
    }

    record CreateTtl(String path, byte[] data, List<Acl> acl, int parentCVersion, long ttl) implements Txn {
    }

    record Delete(String path) implements Txn {
    }

    /** {@code version} is the node's version <em>after</em> this txn. */
    record SetData(String path, byte[] data, int version) implements Txn {
    }

    /** {@code version} is the node's aversion <em>after</em> this txn. */
    record SetAcl(String path, List<Acl> acl, int version) implements Txn {
    }

    /** A version check that passed in prep; applying it changes nothing. */
    record Check(String path, int version) implements Txn {
    }

    record CreateSession(int timeout) implements Txn {
    }

    /** Ends the header's session; {@code paths} are its ephemerals as prep saw them. */
    record CloseSession(List<String> paths) implements Txn {
    }

    /** A write that failed in prep. It still takes a zxid, so every server sees the same sequence. */
    record Error(ErrorCode code) implements Txn {
    }

    /** All-or-nothing: either every sub-txn is a real one, or the multi failed in prep. */
    record Multi(List<Txn> txns) implements Txn {
    }
}
