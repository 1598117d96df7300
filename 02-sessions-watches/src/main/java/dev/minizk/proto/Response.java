package dev.minizk.proto;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.Stat;

import java.util.List;

/** The body of a successful reply, one record per ZooKeeper response shape. */
public sealed interface Response {

    /** delete, setWatches, removeWatches, checkWatches, closeSession, ping, auth: no body. */
    record Empty() implements Response {
    }

    /** create (1) and sync answer a path. */
    record PathOnly(String path) implements Response {
    }

    /** create2, createContainer and createTTL answer the path and the new node's Stat. */
    record Created(String path, Stat stat) implements Response {
    }

    /** exists, setData and setACL answer a Stat. */
    record StatOnly(Stat stat) implements Response {
    }

    record Data(byte[] data, Stat stat) implements Response {
    }

    record Children(List<String> children) implements Response {
    }

    record ChildrenWithStat(List<String> children, Stat stat) implements Response {
    }

    record AclWithStat(List<Acl> acl, Stat stat) implements Response {
    }

    /** multi and multiRead: one result per op. */
    record MultiResults(List<OpResult> results) implements Response {
    }

    record Ephemerals(List<String> paths) implements Response {
    }

    record Count(int count) implements Response {
    }

    record Identities(List<Id> ids) implements Response {
    }

    /** addWatch answers a bare error code (always 0 on success). */
    record ErrorOnly(ErrorCode err) implements Response {
    }

    /** The result of one op of a multi or multiRead. */
    sealed interface OpResult {
        /** A create inside a multi; {@code stat} is null for a plain create (op 1). */
        record Create(String path, Stat stat) implements OpResult {
        }

        record Delete() implements OpResult {
        }

        record SetData(Stat stat) implements OpResult {
        }

        record Check() implements OpResult {
        }

        record GetData(byte[] data, Stat stat) implements OpResult {
        }

        record GetChildren(List<String> children) implements OpResult {
        }

        record Error(ErrorCode err) implements OpResult {
        }
    }
}
