package dev.minizk.tree;

import java.util.List;
import java.util.Objects;

/** One ACL entry: the permission bits {@link Perms} granted to an {@link Id}. */
public record Acl(int perms, Id id) {
    /** Everything for everyone: ZooKeeper's {@code OPEN_ACL_UNSAFE}. */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(Perms.ALL, Id.ANYONE));
    /** Read-only for everyone: ZooKeeper's {@code READ_ACL_UNSAFE}. */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(Perms.READ, Id.ANYONE));
    /** All rights for the ids the creating session authenticated as: {@code CREATOR_ALL_ACL}. */
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl(Perms.ALL, new Id("auth", "")));

    public Acl {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return id + "=" + Perms.toString(perms);
    }
}
