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
 * {@code user:hash}; {@code ip} ids an address with an optional prefix length; each id is
 * judged exactly as ZooKeeper's authentication provider for its scheme judges it. The
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
            // As DigestAuthenticationProvider.isValid: String.split drops trailing empty parts,
            // so "user:" is invalid and "user:hash:" is valid, exactly as in ZooKeeper.
            case "digest" -> id.split(":").length == 2;
            case "ip" -> isValidIpId(id);
            default -> false;
        };
    }

    /**
     * As IPAuthenticationProvider.isValid: an address, optionally followed by {@code /bits}
     * with bits between 0 and the address length (32 or 128). A ':' makes it IPv6, else a
     * '.' makes it IPv4; numbers are read with {@code Integer.parseInt}, as ZooKeeper does.
     */
    private static boolean isValidIpId(String id) {
        String[] parts = id.split("/", 2);
        int addressBits = parts[0].contains(":") ? (isIpv6(parts[0]) ? 128 : -1)
                : parts[0].contains(".") ? (isIpv4(parts[0]) ? 32 : -1) : -1;
        if (addressBits < 0) {
            return false;
        }
        if (parts.length == 2) {
            Integer bits = parse(parts[1], 10);
            return bits != null && bits >= 0 && bits <= addressBits;
        }
        return true;
    }

    /** Four decimal numbers 0..255 separated by dots. */
    private static boolean isIpv4(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            Integer value = parse(octet, 10);
            if (value == null || value < 0 || value > 255) {
                return false;
            }
        }
        return true;
    }

    /** Eight hex groups of 1-4 digits, or fewer with a single "::" standing for the missing ones. */
    private static boolean isIpv6(String address) {
        String[] halves = address.split("::", -1);
        if (halves.length == 1) {
            String[] groups = address.split(":", -1);
            return groups.length == 8 && areHexGroups(groups);
        }
        if (halves.length != 2) {
            return false;
        }
        String[] left = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] right = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
        return left.length + right.length < 8 && areHexGroups(left) && areHexGroups(right);
    }

    private static boolean areHexGroups(String[] groups) {
        for (String group : groups) {
            if (group.isEmpty() || group.length() > 4 || parse(group, 16) == null) {
                return false;
            }
        }
        return true;
    }

    private static Integer parse(String text, int radix) {
        try {
            return Integer.parseInt(text, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
