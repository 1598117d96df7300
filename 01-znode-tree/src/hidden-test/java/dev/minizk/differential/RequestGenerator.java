package dev.minizk.differential;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.Id;
import dev.minizk.tree.Perms;
import dev.minizk.tree.Znode;
import dev.minizk.tree.ZnodePath;
import dev.minizk.txn.Op;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random write requests over a tiny namespace (names a, b, c and sequential prefixes, depth
 * at most three), so that collisions and every prep error happen often. It reads the tree
 * only through sorted views, so a seed always gives the same requests.
 */
final class RequestGenerator {
    private static final String[] NAMES = {"a", "b", "c", "q-", ""};
    private static final String[] ODD_PATHS = {"", "a", "/a/", "/a//b", "/a/./b", "/a/..", "/", "/zookeeper",
            "/zookeeper/quota", "/zookeeper/config", "/a\u0001", "/a/b/", "/\ud800", "/a/.", "/zookeeper/x"};
    private static final List<List<Acl>> GOOD_ACLS = List.of(
            Acl.OPEN_ACL_UNSAFE,
            Acl.READ_ACL_UNSAFE,
            List.of(new Acl(Perms.ALL, new Id("digest", "alice:aGFzaA=="))),
            List.of(new Acl(Perms.READ | Perms.WRITE, new Id("ip", "10.0.0.0/8")), new Acl(Perms.ALL, Id.ANYONE)),
            List.of(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.ALL, Id.ANYONE)),
            List.of(new Acl(Perms.READ, new Id("ip", "127.0.0.1"))));
    /** Ids at the edges of ZooKeeper's ACL checks. */
    private static final List<Id> ODD_IDS = List.of(
            new Id("world", "someone"), new Id("auth", ""), new Id("super", "x"), new Id("sasl", "bob"),
            new Id("digest", "user:"), new Id("digest", ":hash"), new Id("digest", "a:b:c"), new Id("digest", "nocolon"),
            new Id("digest", ":"), new Id("digest", "a:b:"),
            new Id("ip", "300.1.1.1"), new Id("ip", "10.0.0.0/33"), new Id("ip", "10.0.0.0/+8"),
            new Id("ip", "10.0.0.0/0008"), new Id("ip", "10.0.0.0/-1"), new Id("ip", "1.2.3"), new Id("ip", "1.2.3.4/8/9"),
            new Id("ip", "::1"), new Id("ip", "::1/128"), new Id("ip", "::1/129"), new Id("ip", "fe80::1/64"),
            new Id("ip", "01.2.3.4"), new Id("ip", "1.2.3.4/"), new Id("ip", "x::y"));

    private final Random random;
    private final DataTree tree;

    RequestGenerator(Random random, DataTree tree) {
        this.random = random;
        this.tree = tree;
    }

    Op next(boolean inMulti) {
        int roll = random.nextInt(100);
        boolean big = tree.nodeCount() > 80;
        if (roll < (big ? 20 : 35)) {
            return create();
        } else if (roll < 60) {
            return new Op.Delete(random.nextInt(4) == 0 ? somePath() : existingPath(true), version(null));
        } else if (roll < 78) {
            String path = somePath();
            return new Op.SetData(path, data(), version(path));
        } else if (roll < 88 && !inMulti) {
            String path = somePath();
            return new Op.SetAcl(path, acl(), aversion(path));
        } else if (inMulti || roll < 92) {
            String path = somePath();
            return new Op.Check(path, version(path));
        }
        int size = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(4);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ops.add(next(true));
        }
        return new Op.Multi(ops);
    }

    private Op.Create create() {
        CreateMode mode = CreateMode.values()[random.nextInt(CreateMode.values().length)];
        long ttl;
        if (mode.isTtl()) {
            int r = random.nextInt(40);
            ttl = r == 0 ? 0 : r == 1 ? EphemeralOwner.MAX_TTL + 1 : r == 2 ? EphemeralOwner.MAX_TTL : 1 + random.nextInt(3000);
        } else {
            ttl = random.nextInt(40) == 0 ? random.nextInt(3) : -1;
        }
        String path;
        if (random.nextInt(25) == 0) {
            path = ODD_PATHS[random.nextInt(ODD_PATHS.length)];
        } else {
            String parent = random.nextInt(8) == 0 ? ZnodePath.ROOT : somePath();
            while (depth(parent) >= 3) {
                parent = ZnodePath.parent(parent);
            }
            String name = NAMES[random.nextInt(NAMES.length)];
            path = parent.equals(ZnodePath.ROOT) ? "/" + name : parent + "/" + name;
        }
        return new Op.Create(path, data(), acl(), mode, ttl);
    }

    /** A path that exists (most of the time) or one from the namespace that may not. */
    String somePath() {
        int roll = random.nextInt(100);
        if (roll < 60) {
            return existingPath(false);
        } else if (roll < 97) {
            StringBuilder path = new StringBuilder();
            int depth = 1 + random.nextInt(3);
            for (int i = 0; i < depth; i++) {
                path.append('/').append(NAMES[random.nextInt(3)]);
            }
            return path.toString();
        }
        return ODD_PATHS[random.nextInt(ODD_PATHS.length)];
    }

    private String existingPath(boolean preferLeaves) {
        List<String> paths = tree.paths();
        if (preferLeaves) {
            List<String> leaves = new ArrayList<>();
            for (String path : paths) {
                if (tree.node(path).childCount() == 0) {
                    leaves.add(path);
                }
            }
            if (!leaves.isEmpty() && random.nextInt(4) != 0) {
                return leaves.get(random.nextInt(leaves.size()));
            }
        }
        return paths.get(random.nextInt(paths.size()));
    }

    /** -1 (any), the node's version, or a wrong one. */
    private int version(String path) {
        int roll = random.nextInt(100);
        Znode node = path == null ? null : tree.node(path);
        int current = node == null ? 0 : node.version();
        return roll < 50 ? -1 : roll < 85 ? current : current + 1 + random.nextInt(2) - 2 * random.nextInt(2);
    }

    private int aversion(String path) {
        int roll = random.nextInt(100);
        Znode node = tree.node(path);
        int current = node == null ? 0 : node.aversion();
        return roll < 50 ? -1 : roll < 85 ? current : current + 1;
    }

    private byte[] data() {
        if (random.nextInt(10) == 0) {
            return null;
        }
        byte[] data = new byte[random.nextInt(9)];
        random.nextBytes(data);
        return data;
    }

    private List<Acl> acl() {
        int roll = random.nextInt(100);
        if (roll < 70) {
            return Acl.OPEN_ACL_UNSAFE;
        } else if (roll < 88) {
            return GOOD_ACLS.get(random.nextInt(GOOD_ACLS.size()));
        } else if (roll < 90) {
            return List.of();
        }
        return List.of(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.READ, ODD_IDS.get(random.nextInt(ODD_IDS.size()))));
    }

    private static int depth(String path) {
        return path.equals(ZnodePath.ROOT) ? 0 : (int) path.chars().filter(c -> c == '/').count();
    }

    /** A readable form of a request, for failure messages. */
    static String describe(Op op) {
        if (op instanceof Op.Create c) {
            return "create " + quote(c.path()) + " " + c.mode() + (c.ttl() == -1 ? "" : " ttl=" + c.ttl())
                    + " data=" + (c.data() == null ? "null" : Arrays.toString(c.data())) + " acl=" + c.acl();
        } else if (op instanceof Op.Delete d) {
            return "delete " + quote(d.path()) + " v=" + d.version();
        } else if (op instanceof Op.SetData s) {
            return "setData " + quote(s.path()) + " v=" + s.version() + " data="
                    + (s.data() == null ? "null" : Arrays.toString(s.data()));
        } else if (op instanceof Op.SetAcl s) {
            return "setACL " + quote(s.path()) + " v=" + s.version() + " acl=" + s.acl();
        } else if (op instanceof Op.Check c) {
            return "check " + quote(c.path()) + " v=" + c.version();
        } else if (op instanceof Op.Multi m) {
            List<String> parts = new ArrayList<>();
            for (Op sub : m.ops()) {
                parts.add(describe(sub));
            }
            return "multi " + parts;
        }
        return String.valueOf(op);
    }

    private static String quote(String path) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : path.toCharArray()) {
            text.append(c < 0x20 || c >= 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.append('"').toString();
    }
}
