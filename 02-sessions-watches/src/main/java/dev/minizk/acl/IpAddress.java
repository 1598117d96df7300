package dev.minizk.acl;

/**
 * ZooKeeper's {@code ip} scheme ({@code IPAuthenticationProvider}): an ACL id is an address,
 * optionally followed by {@code /bits}, and it matches a client whose address agrees with
 * it in the first {@code bits} bits ({@code ip:10.0.0.0/8} admits every 10.x.y.z).
 *
 * <p>Addresses are read as ZooKeeper reads them: a ':' makes the text IPv6 (eight hex
 * groups, or fewer around one "::"; no embedded IPv4 part, no "%scope"), otherwise a '.'
 * makes it IPv4 (four decimal numbers 0..255). Anything else is no address and matches
 * nothing. An IPv4 entry never matches an IPv6 client and vice versa.
 */
final class IpAddress {
    private IpAddress() {
    }

    /**
     * Whether a client at {@code clientAddress} is inside {@code aclExpr}
     * ({@code address} or {@code address/bits}).
     *
     * <p>Hint (02.2): split the entry at its first '/'. Parse both addresses with
     * {@link #parse}; an unparsable one, a prefix length that is not a number in
     * 0..(8 &times; bytes), or addresses of different lengths mean "no match". Then compare
     * the first {@code bits} bits: whole bytes first, and in the byte where the prefix ends
     * only its top {@code bits % 8} bits ({@code 0xFF << (8 - k)}, kept to 8 bits).
     */
    static boolean matches(String clientAddress, String aclExpr) {
        // BEGIN SOLUTION 02.2
        String[] parts = aclExpr.split("/", 2);
        byte[] network = parse(parts[0]);
        if (network == null) {
            return false;
        }
        int bits = network.length * 8;
        if (parts.length == 2) {
            Integer prefix = parseInt(parts[1], 10);
            if (prefix == null || prefix < 0 || prefix > bits) {
                return false;
            }
            bits = prefix;
        }
        byte[] client = parse(clientAddress);
        if (client == null || client.length != network.length) {
            return false;
        }
        for (int i = 0; i < network.length; i++) {
            int bitsInThisByte = Math.max(0, Math.min(8, bits - 8 * i));
            int mask = (0xFF << (8 - bitsInThisByte)) & 0xFF;
            if ((network[i] & mask) != (client[i] & mask)) {
                return false;
            }
        }
        return true;
        // END SOLUTION
    }

    /** The 4 or 16 bytes of an address, or null when ZooKeeper would not read it as one. */
    static byte[] parse(String address) {
        if (address.contains(":")) {
            return parseV6(address);
        }
        if (address.contains(".")) {
            return parseV4(address);
        }
        return null;
    }

    private static byte[] parseV4(String address) {
        String[] parts = address.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            Integer value = parseInt(parts[i], 10);
            if (value == null || value < 0 || value > 255) {
                return null;
            }
            bytes[i] = (byte) (int) value;
        }
        return bytes;
    }

    private static byte[] parseV6(String address) {
        String[] halves = address.split("::", -1);
        String[] left;
        String[] right;
        if (halves.length == 1) {
            left = address.split(":", -1);
            right = new String[0];
            if (left.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            left = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            right = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            if (left.length + right.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] bytes = new byte[16];
        return putGroups(bytes, 0, left) && putGroups(bytes, 16 - 2 * right.length, right) ? bytes : null;
    }

    private static boolean putGroups(byte[] bytes, int offset, String[] groups) {
        for (String group : groups) {
            Integer value = group.isEmpty() || group.length() > 4 ? null : parseInt(group, 16);
            if (value == null) {
                return false;
            }
            bytes[offset++] = (byte) (value >> 8);
            bytes[offset++] = (byte) (int) value;
        }
        return true;
    }

    /** {@code Integer.parseInt}, as ZooKeeper uses it (so "+8" is 8, and a hex group "-1" is ffff), or null. */
    private static Integer parseInt(String text, int radix) {
        try {
            return Integer.parseInt(text, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
