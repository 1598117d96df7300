package dev.minizk.status;

import dev.minizk.tree.Acl;
import dev.minizk.tree.Perms;

/**
 * One ACL entry.
 *
 * @param perms    zkCli's letters, {@code cdrwa}
 * @param permBits the same as ZooKeeper's bit mask
 * @param scheme   {@code world}, {@code auth}, {@code digest}, {@code ip}, ...
 * @param id       the identity within the scheme
 */
public record AclView(String perms, int permBits, String scheme, String id) {

    static AclView of(Acl acl) {
        return new AclView(Perms.toString(acl.perms()), acl.perms(), acl.id().scheme(), acl.id().id());
    }
}
