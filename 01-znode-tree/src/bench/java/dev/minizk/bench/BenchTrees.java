package dev.minizk.bench;

import dev.minizk.tree.Acl;
import dev.minizk.tree.DataTree;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;

import java.util.Random;

/**
 * The tree every benchmark starts from, built the same way on both sides: {@link #PARENTS}
 * parents under the root, each with {@link #CHILDREN} children, every node holding 16 bytes,
 * ACL world:anyone, one zxid per create. With the defaults that is 1,001,000 nodes plus the
 * system nodes. {@code -Dminizk.bench.parents} / {@code .children} shrink it for a quick look.
 */
final class BenchTrees {
    static final int PARENTS = Integer.getInteger("minizk.bench.parents", 1000);
    static final int CHILDREN = Integer.getInteger("minizk.bench.children", 1000);
    static final long TIME = 1_700_000_000_000L;

    private BenchTrees() {
    }

    static String parent(int p) {
        return "/p" + p;
    }

    static String child(int p, int c) {
        return "/p" + p + "/c" + c;
    }

    /** 16 bytes that differ from node to node. */
    static byte[] data(long seed) {
        byte[] data = new byte[16];
        new Random(seed).nextBytes(data);
        return data;
    }

    static DataTree ours() {
        DataTree tree = new DataTree();
        long zxid = 0;
        for (int p = 0; p < PARENTS; p++) {
            tree.createNode(parent(p), data(p), Acl.OPEN_ACL_UNSAFE, 0, -1, ++zxid, TIME);
            for (int c = 0; c < CHILDREN; c++) {
                tree.createNode(child(p, c), data(zxid), Acl.OPEN_ACL_UNSAFE, 0, -1, ++zxid, TIME);
            }
        }
        tree.setLastProcessedZxid(zxid);
        return tree;
    }

    static org.apache.zookeeper.server.DataTree zookeeper() {
        org.apache.zookeeper.server.DataTree tree = new org.apache.zookeeper.server.DataTree();
        long zxid = 0;
        try {
            for (int p = 0; p < PARENTS; p++) {
                tree.createNode(parent(p), data(p), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, TIME);
                for (int c = 0; c < CHILDREN; c++) {
                    tree.createNode(child(p, c), data(zxid), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, -1, ++zxid, TIME);
                }
            }
        } catch (KeeperException e) {
            throw new IllegalStateException(e);
        }
        tree.lastProcessedZxid = zxid;
        return tree;
    }

    /** Every child path once, in a fixed random order, so reads and writes hit the whole map. */
    static String[] shuffledChildren(long seed) {
        String[] paths = new String[PARENTS * CHILDREN];
        int i = 0;
        for (int p = 0; p < PARENTS; p++) {
            for (int c = 0; c < CHILDREN; c++) {
                paths[i++] = child(p, c);
            }
        }
        Random random = new Random(seed);
        for (int j = paths.length - 1; j > 0; j--) {
            int k = random.nextInt(j + 1);
            String swap = paths[j];
            paths[j] = paths[k];
            paths[k] = swap;
        }
        return paths;
    }
}
