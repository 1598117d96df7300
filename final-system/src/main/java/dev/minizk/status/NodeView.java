package dev.minizk.status;

import java.util.List;

/**
 * One znode in full: what the page shows when a node is clicked.
 *
 * @param path           the full path
 * @param name           the last segment ({@code /} for the root)
 * @param kind           {@code persistent}, {@code ephemeral}, {@code container} or {@code ttl}
 * @param ttlMillis      the time to live of a TTL node, else null
 * @param ephemeralOwner the owning session of an ephemeral node, in hex, else null
 * @param stat           its Stat
 * @param data           its data
 * @param acl            its ACL
 */
public record NodeView(String path, String name, String kind, Long ttlMillis, String ephemeralOwner,
                       StatView stat, DataView data, List<AclView> acl) {
}
