package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * ZooKeeper's checks on an ACL a client sends ({@code PrepRequestProcessor.fixupACL}):
 * not empty; {@code world} only as {@code world:anyone}; {@code digest} ids of the form
 * {@code user:hash}; {@code ip} ids an address with an optional prefix length. The
 * {@code auth} scheme needs the caller's identities, so it is invalid without them
 * (stage 02 expands it). Duplicates are dropped.
 */
public final class AclRules {
    private AclRules() {
    }

    public static List<Acl> validate(String path, List<Acl> acl) {
        if (acl == null || acl.isEmpty()) {
            throw new KeeperException(ErrorCode.INVALIDACL, path, "an ACL needs at least one entry");
        }
        List<Acl> unique = new ArrayList<>(new LinkedHashSet<>(acl));
        for (Acl entry : unique) {
            if (!isValidId(entry.id().scheme(), entry.id().id())) {
                throw new KeeperException(ErrorCode.INVALIDACL, path, "invalid ACL id " + entry.id());
            }
        }
        return unique;
    }

    static boolean isValidId(String scheme, String id) {
        return switch (scheme) {
            case "world" -> id.equals("anyone");
            case "digest" -> id.split(":", -1).length == 2;
            case "ip" -> isValidIpId(id);
            default -> false;
        };
    }

    /** {@code a.b.c.d} or {@code a.b.c.d/bits} (bits 0..32), or an IPv6 form with ':' and bits 0..128. */
    private static boolean isValidIpId(String id) {
        String[] parts = id.split("/", -1);
        if (parts.length > 2) {
            return false;
        }
        boolean v6 = parts[0].contains(":");
        if (!(v6 ? parts[0].matches("[0-9a-fA-F:]+") && parts[0].length() >= 2 : isDottedQuad(parts[0]))) {
            return false;
        }
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            return bits <= (v6 ? 128 : 32);
        }
        return true;
    }

    private static boolean isDottedQuad(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
