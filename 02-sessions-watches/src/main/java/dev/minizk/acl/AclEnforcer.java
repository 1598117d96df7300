package dev.minizk.acl;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Perms;
import dev.minizk.txn.AccessPolicy;
import dev.minizk.txn.AclRules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * ZooKeeper's ACL decisions for one caller, the {@link AccessPolicy} that stage 01's
 * {@code TxnBuilder} asks during prep; the server also asks it before reads.
 *
 * <p>The model: a node's ACL is a list of (permission bits, identity) entries; a caller
 * holds the identities of its connection ({@link AuthInfo}); an operation needing
 * permission {@code p} is allowed if some entry that grants {@code p} names one of the
 * caller's identities. There is no inheritance: a node's ACL says nothing about its
 * children, and checks are per node (create and delete check the parent).
 *
 * <p>The caller is its identities as data, not its live connection: a write carries them
 * ({@code WriteRequest}), so the server that preps it need not be the one the client is on.
 */
public final class AclEnforcer implements AccessPolicy {
    private final List<Id> callerIds;
    private final boolean callerIsSuper;

    /** A caller with these identities ({@link AuthInfo#ids()}), in the order they were added. */
    public AclEnforcer(List<Id> callerIds) {
        this.callerIds = List.copyOf(callerIds);
        this.callerIsSuper = this.callerIds.contains(AuthInfo.SUPER);
    }

    /** The caller on a connection, as it is now. */
    public AclEnforcer(AuthInfo caller) {
        this(caller.ids());
    }

    public List<Id> callerIds() {
        return callerIds;
    }

    /**
     * ZooKeeper's {@code PrepRequestProcessor.fixupACL}: checks a client-supplied ACL and
     * returns what to store. Null or empty: INVALIDACL. Duplicate entries are dropped
     * (before {@code auth} is expanded, as in ZooKeeper). {@code auth} entries become one
     * entry per authenticated identity of the caller ({@code expandAuth}); every other
     * entry must be valid for its scheme ({@link AclRules}: {@code world:anyone},
     * {@code digest:user:hash}, {@code ip:addr[/bits]}), else INVALIDACL.
     */
    @Override
    public List<Acl> fixupAcl(String path, List<Acl> acl) {
        if (acl == null || acl.isEmpty()) {
            throw new KeeperException(ErrorCode.INVALIDACL, path, "an ACL needs at least one entry");
        }
        List<Acl> fixed = new ArrayList<>();
        for (Acl entry : new LinkedHashSet<>(acl)) {
            if (entry.id().scheme().equals("auth")) {
                fixed.addAll(expandAuth(path, entry));
            } else {
                fixed.addAll(AclRules.validate(path, List.of(entry)));
            }
        }
        return fixed;
    }

    /**
     * The entries an {@code auth} entry stands for ({@code Acl.CREATOR_ALL_ACL} is one):
     * its permissions for each identity of the caller that is <em>authenticated</em>. Its
     * own id is ignored.
     *
     * <p>Hint (02.2): in ZooKeeper only a provider that proves who the caller is counts as
     * authenticated: {@code digest} does, {@code ip} does not (an address is not a login),
     * and {@code super} has no provider at all, so it is skipped. Keep the caller's order.
     * No authenticated identity at all: INVALIDACL, so that a node meant for "its creator
     * only" is never created without an owner.
     */
    private List<Acl> expandAuth(String path, Acl entry) {
        // BEGIN SOLUTION 02.2
        List<Acl> expanded = new ArrayList<>();
        for (Id id : callerIds) {
            if (id.scheme().equals("digest")) {
                expanded.add(new Acl(entry.perms(), id));
            }
        }
        if (expanded.isEmpty()) {
            throw new KeeperException(ErrorCode.INVALIDACL, path, "auth needs an authenticated identity");
        }
        return expanded;
        // STUB: throw new KeeperException(ErrorCode.INVALIDACL, path, "TODO 02.2: expand auth to the caller's identities");
        // END SOLUTION
    }

    /**
     * ZooKeeper's {@code checkACL}: returns if the caller may do {@code perm} on a node
     * whose ACL is {@code nodeAcl}, else throws NOAUTH.
     *
     * <p>Hint (02.2): in ZooKeeper's order: an empty ACL allows everything; a super caller
     * may do anything; otherwise look for an entry that grants {@code perm}
     * ({@code (entry.perms() & perm) != 0}) and whose id matches. {@code world:anyone}
     * matches every caller; for {@code digest} and {@code ip} entries, compare with each
     * caller identity of the <em>same scheme</em>: digest ids must be equal, an ip entry
     * matches by address prefix ({@code IpAddress.matches}). Entries of any other scheme
     * match nobody.
     */
    @Override
    public void checkPermission(String path, List<Acl> nodeAcl, int perm) {
        // BEGIN SOLUTION 02.2
        if (nodeAcl == null || nodeAcl.isEmpty() || callerIsSuper) {
            return;
        }
        for (Acl entry : nodeAcl) {
            if ((entry.perms() & perm) == 0) {
                continue;
            }
            Id granted = entry.id();
            if (granted.equals(Id.ANYONE)) {
                return;
            }
            for (Id held : callerIds) {
                if (held.scheme().equals(granted.scheme()) && matches(granted.scheme(), held.id(), granted.id())) {
                    return;
                }
            }
        }
        throw new KeeperException(ErrorCode.NOAUTH, path);
        // STUB: return; // TODO 02.2: allow only what the ACL grants this caller
        // END SOLUTION
    }

    /** Whether a caller's id matches an ACL entry's id of the same scheme. */
    private static boolean matches(String scheme, String held, String granted) {
        return switch (scheme) {
            case "digest" -> held.equals(granted);
            case "ip" -> IpAddress.matches(held, granted);
            default -> false;
        };
    }

    /**
     * The ACL a getACL reply shows this caller (the server has already checked READ or
     * ADMIN). A caller with ADMIN on the node sees it as stored; any other caller sees
     * digest ids with the hash replaced by {@code x} ({@code digest:bob:x}), so a reader
     * cannot take the hashes away and attack them offline. As ZooKeeper's
     * {@code FinalRequestProcessor} does.
     */
    public List<Acl> visibleAcl(List<Acl> nodeAcl) {
        try {
            checkPermission(null, nodeAcl, Perms.ADMIN);
            return nodeAcl;
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NOAUTH) {
                throw e;
            }
        }
        List<Acl> masked = new ArrayList<>(nodeAcl.size());
        for (Acl entry : nodeAcl) {
            Id id = entry.id();
            masked.add(id.scheme().equals("digest")
                    ? new Acl(entry.perms(), new Id("digest", id.id().replaceAll(":.*", ":x")))
                    : entry);
        }
        return masked;
    }

    @Override
    public String toString() {
        return "AclEnforcer" + callerIds;
    }
}
