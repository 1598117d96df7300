/**
 * Who may do what: ZooKeeper's ACLs and authentication. Each connection carries a list of
 * identities ({@link dev.minizk.acl.AuthInfo}: its IP address, plus {@code digest} users
 * it proved with a password, plus {@code super}); each znode carries an ACL of
 * (permissions, identity) entries; {@link dev.minizk.acl.AclEnforcer} decides between the
 * two with ZooKeeper's exact rules and plugs into stage 01's prep step as its
 * {@code AccessPolicy}. It exists because a coordination service is shared: one
 * application's configuration or locks must not be changed, or even read, by another that
 * merely reaches the same ensemble.
 */
package dev.minizk.acl;
