package dev.minizk.client;

import dev.minizk.tree.Acl;
import dev.minizk.tree.Stat;

import java.util.List;

/** What getAcl answers: the node's ACL (digest passwords masked unless you may ADMIN it) and its Stat. */
public record NodeAcl(List<Acl> acl, Stat stat) {
}
