package dev.minizk.acl;

import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The identities of one client connection, ZooKeeper's {@code ServerCnxn.authInfo}. Every
 * connection starts as {@code ip:<client address>}; each successful Auth request
 * ({@code addauth} in zkCli) adds more: {@code digest:user:hash}, and {@code super:} when
 * the digest is the server's configured super digest. Identities are only ever added, and
 * they belong to the connection, not the session: a client that reconnects must send its
 * Auth requests again (the ZooKeeper client library does so by itself).
 */
public final class AuthInfo {
    /** The identity that bypasses every ACL check. */
    public static final Id SUPER = new Id("super", "");

    private final String clientAddress;
    private List<Id> ids = List.of(); // immutable, replaced when an identity is added: writes carry it as data

    /** A connection from {@code clientAddress} (as {@code InetAddress.getHostAddress} spells it). */
    public AuthInfo(String clientAddress) {
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        add(new Id("ip", clientAddress));
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** The identities, in the order they were added, without duplicates; an unmodifiable list. */
    public List<Id> ids() {
        return ids;
    }

    /**
     * Handles an Auth request (xid -4), as ZooKeeper's providers do.
     * <ul>
     * <li>{@code digest}: never fails. The data is read as {@code user:password} and the
     * connection gains {@code digest:<digest>} (plus {@code super:} first, if that digest
     * equals {@code superDigest}). A wrong password is not detected here: the identity it
     * gives simply matches no ACL, so the client sees NOAUTH later. Data without a ':' is
     * accepted too, as in ZooKeeper; its identity matches nothing useful.</li>
     * <li>{@code ip}: adds {@code ip:<client address>}, which every connection already has.</li>
     * <li>anything else (no provider, as for {@code world}, {@code super} or {@code sasl}
     * here), or no data: AUTHFAILED and nothing is added; the server then answers with
     * err -115 and closes the connection.</li>
     * </ul>
     *
     * @param superDigest ZooKeeper's {@code zookeeper.DigestAuthenticationProvider.superDigest}
     *                    ({@code super:<hash>}), or null when there is no super user
     *
     * <p>Hint (02.2): switch on the scheme. For {@code digest}, turn the bytes into a string
     * (UTF-8), digest it, add {@link #SUPER} first if the digest equals {@code superDigest},
     * then the digest id; {@code add} keeps the list free of duplicates.
     */
    public ErrorCode authenticate(String scheme, byte[] auth, String superDigest) {
        if (scheme == null) {
            return ErrorCode.AUTHFAILED;
        }
        // BEGIN SOLUTION 02.2
        switch (scheme) {
            case "digest" -> {
                if (auth == null) {
                    return ErrorCode.AUTHFAILED;
                }
                String digest = DigestAuth.digest(new String(auth, StandardCharsets.UTF_8));
                if (digest.equals(superDigest)) {
                    add(SUPER);
                }
                add(new Id("digest", digest));
                return ErrorCode.OK;
            }
            case "ip" -> {
                add(new Id("ip", clientAddress));
                return ErrorCode.OK;
            }
            default -> {
                return ErrorCode.AUTHFAILED;
            }
        }
        // STUB: return ErrorCode.AUTHFAILED; // TODO 02.2: the digest and ip schemes
        // END SOLUTION
    }

    /** True once the connection authenticated with the super digest. */
    public boolean isSuper() {
        return ids.contains(SUPER);
    }

    private void add(Id id) {
        if (!ids.contains(id)) {
            List<Id> more = new ArrayList<>(ids);
            more.add(id);
            ids = List.copyOf(more);
        }
    }

    @Override
    public String toString() {
        return "AuthInfo" + ids;
    }
}
