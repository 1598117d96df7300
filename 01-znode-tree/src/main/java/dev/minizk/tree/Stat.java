package dev.minizk.tree;

/**
 * What a client is told about a node: ZooKeeper's {@code Stat}, field for field and in wire order.
 *
 * @param czxid          zxid of the txn that created the node
 * @param mzxid          zxid of the last data change (create or setData)
 * @param ctime          txn time (ms) of the create
 * @param mtime          txn time (ms) of the last data change
 * @param version        number of setData calls
 * @param cversion       child-change count as clients see it (creates + deletes of children)
 * @param aversion       number of setACL calls
 * @param ephemeralOwner owning session of an ephemeral node, else 0 (also 0 for containers and TTL nodes)
 * @param dataLength     length of the data, 0 for null data
 * @param numChildren    number of children now
 * @param pzxid          zxid of the last child create or delete (czxid for a node that never had one)
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
                   int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
}
