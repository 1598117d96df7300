package dev.minizk.tree;

import java.util.Objects;

/**
 * An identity in an ACL: a scheme ({@code world}, {@code digest}, {@code ip}, {@code auth}, {@code super})
 * and an id whose form depends on the scheme ({@code anyone}, {@code user:base64(sha1)}, {@code 10.0.0.0/8}).
 */
public record Id(String scheme, String id) {
    public static final Id ANYONE = new Id("world", "anyone");

    public Id {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
