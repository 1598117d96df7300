package dev.minizk.differential;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.txn.Op;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.common.PathUtils;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.apache.zookeeper.server.auth.IPAuthenticationProvider;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What ZooKeeper's {@code PrepRequestProcessor} would decide for a request, computed from
 * the state of a real ZooKeeper {@link DataTree}: the checks of §2.2 in ZooKeeper's order,
 * using ZooKeeper's own path validation and ACL id providers. Our prep must agree.
 *
 * <p>Written independently of {@code TxnBuilder}: it has no outstanding-change records; a
 * multi is judged by applying its ops one by one to a copy of the ZooKeeper tree.
 */
final class PrepOracle {
    /** The verdict for one op: OK or an error, and for a create the final path. */
    record Verdict(ErrorCode code, String path) {
        static Verdict ok(String path) {
            return new Verdict(ErrorCode.OK, path);
        }
    }

    private static final DigestAuthenticationProvider DIGEST = new DigestAuthenticationProvider();
    private static final IPAuthenticationProvider IP = new IPAuthenticationProvider();

    private PrepOracle() {
    }

    static Verdict single(DataTree zk, Op op, long session) {
        try {
            return Verdict.ok(check(zk, op, session));
        } catch (Refused e) {
            return new Verdict(e.code, null);
        }
    }

    /** One verdict per op: OK up to the failing op, its error, RUNTIMEINCONSISTENCY after it. */
    static List<Verdict> multi(DataTree zk, List<Op> ops, long session, long zxid, long time) {
        DataTree scratch = copy(zk);
        List<Verdict> verdicts = new ArrayList<>();
        boolean failed = false;
        for (Op op : ops) {
            if (failed) {
                verdicts.add(new Verdict(ErrorCode.RUNTIMEINCONSISTENCY, null));
                continue;
            }
            try {
                if (op instanceof Op.SetAcl || op instanceof Op.Multi) {
                    throw new IllegalArgumentException("ZooKeeper's multi has no " + op.getClass().getSimpleName());
                }
                String path = check(scratch, op, session);
                applyTo(scratch, op, path, session, zxid, time);
                verdicts.add(Verdict.ok(path));
            } catch (Refused e) {
                verdicts.add(new Verdict(e.code, null));
                failed = true;
            }
        }
        return verdicts;
    }

    /** Returns the path the op acts on (the final name of a sequential create), or throws the refusal. */
    private static String check(DataTree zk, Op op, long session) {
        if (op instanceof Op.Create c) {
            return checkCreate(zk, c);
        } else if (op instanceof Op.Delete d) {
            String path = d.path();
            int lastSlash = path.lastIndexOf('/');
            if (lastSlash < 0 || path.indexOf('\0') >= 0 || isSpecial(path)) {
                throw new Refused(ErrorCode.BADARGUMENTS);
            }
            record(zk, path.substring(0, lastSlash));
            DataNode node = record(zk, path);
            checkVersion(node.stat.getVersion(), d.version());
            if (!node.getChildren().isEmpty()) {
                throw new Refused(ErrorCode.NOTEMPTY);
            }
            return path;
        } else if (op instanceof Op.SetData s) {
            validate(s.path());
            checkVersion(record(zk, s.path()).stat.getVersion(), s.version());
            return s.path();
        } else if (op instanceof Op.SetAcl s) {
            validate(s.path());
            fixupAcl(s.acl());
            checkVersion(record(zk, s.path()).stat.getAversion(), s.version());
            return s.path();
        } else if (op instanceof Op.Check c) {
            validate(c.path());
            checkVersion(record(zk, c.path()).stat.getVersion(), c.version());
            return c.path();
        }
        throw new IllegalArgumentException("no oracle for " + op);
    }

    private static String checkCreate(DataTree zk, Op.Create c) {
        CreateMode mode = c.mode();
        if (mode.isTtl() ? c.ttl() <= 0 || c.ttl() > EphemeralType.TTL.maxValue() : c.ttl() >= 0) {
            throw new Refused(ErrorCode.BADARGUMENTS);
        }
        String path = c.path();
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash < 0 || path.indexOf('\0') >= 0) {
            throw new Refused(ErrorCode.BADARGUMENTS);
        }
        fixupAcl(c.acl());
        DataNode parent = record(zk, path.substring(0, lastSlash));
        if (mode.isSequential()) {
            path = path + String.format(Locale.ENGLISH, "%010d", parent.stat.getCversion());
        }
        validate(path);
        if (zk.getNode(path) != null) {
            throw new Refused(ErrorCode.NODEEXISTS);
        }
        if (EphemeralType.get(parent.stat.getEphemeralOwner()) == EphemeralType.NORMAL) {
            throw new Refused(ErrorCode.NOCHILDRENFOREPHEMERALS);
        }
        return path;
    }

    private static void applyTo(DataTree zk, Op op, String path, long session, long zxid, long time) {
        try {
            if (op instanceof Op.Create c) {
                long owner = c.mode().isContainer() ? EphemeralType.CONTAINER_EPHEMERAL_OWNER
                        : c.mode().isTtl() ? EphemeralType.TTL.toEphemeralOwner(c.ttl())
                        : c.mode().isEphemeral() ? session : 0;
                zk.createNode(path, c.data(), ZkTxns.acl(c.acl()), owner, -1, zxid, time);
            } else if (op instanceof Op.Delete) {
                zk.deleteNode(path, zxid);
            } else if (op instanceof Op.SetData s) {
                zk.setData(path, s.data(), zk.getNode(path).stat.getVersion() + 1, zxid, time);
            }
        } catch (KeeperException e) {
            throw new AssertionError("the oracle's own scratch tree refused " + op, e);
        }
    }

    /** PrepRequestProcessor.fixupACL without authenticated ids: world:anyone, or an id a provider accepts. */
    private static void fixupAcl(List<Acl> acl) {
        if (acl == null || acl.isEmpty()) {
            throw new Refused(ErrorCode.INVALIDACL);
        }
        for (Acl entry : new LinkedHashSet<>(acl)) {
            String scheme = entry.id().scheme();
            String id = entry.id().id();
            boolean valid = switch (scheme) {
                case "world" -> id.equals("anyone");
                case "digest" -> DIGEST.isValid(id);
                case "ip" -> IP.isValid(id);
                default -> false; // "auth" needs an authenticated id; other schemes have no provider
            };
            if (!valid) {
                throw new Refused(ErrorCode.INVALIDACL);
            }
        }
    }

    private static DataNode record(DataTree zk, String path) {
        DataNode node = zk.getNode(path);
        if (node == null) {
            throw new Refused(ErrorCode.NONODE);
        }
        return node;
    }

    private static void validate(String path) {
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new Refused(ErrorCode.BADARGUMENTS);
        }
    }

    private static void checkVersion(int current, int expected) {
        if (expected != -1 && expected != current) {
            throw new Refused(ErrorCode.BADVERSION);
        }
    }

    private static boolean isSpecial(String path) {
        return path.equals("/") || path.equals("/zookeeper") || path.equals("/zookeeper/quota")
                || path.equals("/zookeeper/config");
    }

    /** A deep copy of a ZooKeeper tree, through ZooKeeper's own snapshot format. */
    static DataTree copy(DataTree zk) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            zk.serialize(BinaryOutputArchive.getArchive(bytes), "tree");
            DataTree copy = new DataTree();
            copy.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes.toByteArray())), "tree");
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Refused extends RuntimeException {
        final ErrorCode code;

        Refused(ErrorCode code) {
            super(code.name(), null, false, false);
            this.code = code;
        }
    }
}
