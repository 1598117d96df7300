package dev.minizk.txn;

import dev.minizk.tree.Acl;

import java.util.List;

/**
 * The two ACL decisions prep makes, for one caller. Stage 01 uses {@link #OPEN}; stage 02
 * plugs in a policy that knows the session's authenticated identities.
 */
public interface AccessPolicy {

    /** Checks a client-supplied ACL and returns what to store; INVALIDACL when it is unusable. */
    List<Acl> fixupAcl(String path, List<Acl> acl);

    /** Throws NOAUTH unless the caller may do {@code perm} on a node that has {@code nodeAcl}. */
    void checkPermission(String path, List<Acl> nodeAcl, int perm);

    /** Validates ACLs like ZooKeeper but grants every permission; no caller has identities. */
    AccessPolicy OPEN = new AccessPolicy() {
        @Override
        public List<Acl> fixupAcl(String path, List<Acl> acl) {
            return AclRules.validate(path, acl);
        }

        @Override
        public void checkPermission(String path, List<Acl> nodeAcl, int perm) {
        }
    };
}
