package dev.minizk.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * ZooKeeper's {@code digest} scheme: a client proves it is {@code user} by sending
 * {@code user:password} in clear, and ACLs name it as {@code digest:user:hash}, where the
 * hash is the Base64 of the SHA-1 of the whole {@code user:password} string. The server
 * stores and compares only hashes, so an ACL (or a snapshot) never holds a password.
 *
 * <p>The digest is what {@code DigestAuthenticationProvider.generateDigest} computes, so
 * ACLs written for a real ZooKeeper (and its {@code superDigest} setting) work here.
 */
public final class DigestAuth {
    private DigestAuth() {
    }

    /**
     * {@code "user:password"} to {@code "user:" + base64(sha1("user:password"))}.
     *
     * <p>Hint (02.2): the user is the text before the first ':' (all of it when there is
     * none, as in ZooKeeper); the hash covers the <em>whole</em> string, user and colon
     * included, as UTF-8. Standard Base64 with '=' padding: {@link java.util.Base64#getEncoder()}.
     * {@code sha1(bytes)} spares you the checked exception.
     */
    public static String digest(String userColonPassword) {
        // BEGIN SOLUTION 02.2
        String user = userColonPassword.split(":", 2)[0];
        byte[] hash = sha1(userColonPassword.getBytes(StandardCharsets.UTF_8));
        return user + ":" + Base64.getEncoder().encodeToString(hash);
        // END SOLUTION
    }

    /** The SHA-1 of {@code bytes}; every Java runtime is required to provide SHA-1. */
    static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-1", e);
        }
    }
}
