package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.Znode;

import java.util.List;

/**
 * What prep knows about a node, including changes it has prepared but that are not applied
 * yet (ZooKeeper's {@code ChangeRecord}). Two txns prepared back to back must see each
 * other: the second create under a parent needs the counter the first one left.
 *
 * @param zxid the txn that produced this view (0 when read from the tree)
 * @param exists false for a node a prepared txn deletes
 */
record NodeRecord(long zxid, String path, boolean exists, int version, int aversion, int childCreates,
                  int childCount, long ephemeralOwner, List<Acl> acl) {

    static NodeRecord of(String path, Znode node) {
        return new NodeRecord(0, path, true, node.version(), node.aversion(), node.childCreates(),
                node.childCount(), node.ephemeralOwner(), node.acl());
    }

    static NodeRecord created(long zxid, String path, long ephemeralOwner, List<Acl> acl) {
        return new NodeRecord(zxid, path, true, 0, 0, 0, 0, ephemeralOwner, acl);
    }

    static NodeRecord deleted(long zxid, String path) {
        return new NodeRecord(zxid, path, false, 0, 0, 0, 0, 0, List.of());
    }

    NodeRecord withChildCreated(long zxid, int newChildCreates) {
        return new NodeRecord(zxid, path, true, version, aversion, newChildCreates, childCount + 1, ephemeralOwner, acl);
    }

    NodeRecord withChildDeleted(long zxid) {
        return new NodeRecord(zxid, path, true, version, aversion, childCreates, childCount - 1, ephemeralOwner, acl);
    }

    NodeRecord withVersion(long zxid, int newVersion) {
        return new NodeRecord(zxid, path, true, newVersion, aversion, childCreates, childCount, ephemeralOwner, acl);
    }

    NodeRecord withAcl(long zxid, List<Acl> newAcl, int newAversion) {
        return new NodeRecord(zxid, path, true, version, newAversion, childCreates, childCount, ephemeralOwner, newAcl);
    }
}
