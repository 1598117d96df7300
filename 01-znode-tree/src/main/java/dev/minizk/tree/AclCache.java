package dev.minizk.tree;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one list instance among all nodes with equal ACLs. A tree of a million nodes
 * usually has a handful of distinct ACLs, so this saves a list per node, and lets a
 * snapshot write each distinct ACL once (ZooKeeper keeps a reference-counted cache for
 * the same reasons).
 */
final class AclCache {
    private final Map<List<Acl>, List<Acl>> lists = new HashMap<>();

    List<Acl> intern(List<Acl> acl) {
        List<Acl> known = lists.get(acl);
        if (known != null) {
            return known;
        }
        List<Acl> copy = List.copyOf(acl);
        lists.put(copy, copy);
        return copy;
    }
}
