package dev.minizk.differential;

import dev.minizk.tree.Acl;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.Stat;
import dev.minizk.tree.Znode;
import dev.minizk.tree.ZnodePath;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.server.DataNode;
import org.apache.zookeeper.server.DataTree;
import org.apache.zookeeper.server.EphemeralType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares our tree with ZooKeeper's, node by node and Stat field by Stat field, and names
 * the first difference it finds (null when the trees agree). Also builds a ZooKeeper tree
 * that holds exactly what one of ours holds (for the fuzzy-snapshot replay check).
 */
final class TreeComparison {
    private TreeComparison() {
    }

    /** The first difference between the two trees, or null. {@code now} is the reaper's clock. */
    static String firstDifference(dev.minizk.tree.DataTree ours, DataTree zk, long now) {
        // ZooKeeper's node map holds the root twice: under "/" and under "".
        if (ours.nodeCount() != zk.getNodeCount() - 1) {
            return "node count: ours=" + ours.nodeCount() + " zk=" + (zk.getNodeCount() - 1)
                    + " (ours " + ours.paths() + ")";
        }
        if (ours.lastProcessedZxid() != zk.lastProcessedZxid) {
            return "lastProcessedZxid: ours=" + ours.lastProcessedZxid() + " zk=" + zk.lastProcessedZxid;
        }
        Deque<String> pending = new ArrayDeque<>();
        pending.add(ZnodePath.ROOT);
        while (!pending.isEmpty()) {
            String path = pending.removeFirst();
            String difference = nodeDifference(path, ours, zk);
            if (difference != null) {
                return difference;
            }
            for (String name : new TreeSet<>(ours.getChildren(path))) {
                pending.add(ZnodePath.child(path, name));
            }
        }
        String ephemerals = ephemeralDifference(ours, zk);
        if (ephemerals != null) {
            return ephemerals;
        }
        List<String> ourCandidates = ours.reapCandidates(now, 0);
        List<String> zkCandidates = reapCandidates(zk, now);
        if (!ourCandidates.equals(zkCandidates)) {
            return "reap candidates at time " + now + ": ours=" + ourCandidates + " zk=" + zkCandidates;
        }
        return null;
    }

    static String nodeDifference(String path, dev.minizk.tree.DataTree ours, DataTree zk) {
        Znode node = ours.node(path);
        DataNode zkNode = zk.getNode(path);
        if (node == null || zkNode == null) {
            return path + " exists: ours=" + (node != null) + " zk=" + (zkNode != null);
        }
        byte[] zkData = zkNode.getData();
        if (node.hasNullData() != (zkData == null)) {
            return path + " data is null: ours=" + node.hasNullData() + " zk=" + (zkData == null);
        }
        if (zkData != null && !Arrays.equals(node.data(), zkData)) {
            return path + " data: ours=" + Arrays.toString(node.data()) + " zk=" + Arrays.toString(zkData);
        }
        List<Acl> zkAcl = ZkTxns.fromZk(zk.getACL(zkNode));
        if (!node.acl().equals(zkAcl)) {
            return path + " ACL: ours=" + node.acl() + " zk=" + zkAcl;
        }
        String stat = statDifference(path + " stat", ours.stat(path), statOf(zk, path));
        if (stat != null) {
            return stat;
        }
        // The raw fields behind the Stat: the create counter and the owner encoding.
        if (node.childCreates() != zkNode.stat.getCversion()) {
            return path + " child-create counter (ZooKeeper's persisted cversion): ours=" + node.childCreates()
                    + " zk=" + zkNode.stat.getCversion();
        }
        if (node.ephemeralOwner() != zkNode.stat.getEphemeralOwner()) {
            return path + " raw ephemeralOwner: ours=0x" + Long.toHexString(node.ephemeralOwner())
                    + " zk=0x" + Long.toHexString(zkNode.stat.getEphemeralOwner());
        }
        Set<String> children = new TreeSet<>(ours.getChildren(path));
        Set<String> zkChildren = new TreeSet<>(zkNode.getChildren());
        if (!children.equals(zkChildren)) {
            return path + " children: ours=" + children + " zk=" + zkChildren;
        }
        return null;
    }

    static Stat statOf(DataTree zk, String path) {
        try {
            return statOf(zk.statNode(path, null));
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    static Stat statOf(org.apache.zookeeper.data.Stat s) {
        return s == null ? null : new Stat(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(),
                s.getPzxid());
    }

    /** Names the first differing Stat field, or null. */
    static String statDifference(String what, Stat ours, Stat zk) {
        if (ours == null || zk == null) {
            return ours == zk ? null : what + ": ours=" + ours + " zk=" + zk;
        }
        String[] names = {"czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion", "ephemeralOwner",
                "dataLength", "numChildren", "pzxid"};
        long[] a = fields(ours);
        long[] b = fields(zk);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return what + "." + names[i] + ": ours=" + a[i] + " zk=" + b[i] + " (ours " + ours + ", zk " + zk + ")";
            }
        }
        return null;
    }

    private static long[] fields(Stat s) {
        return new long[] {s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(), s.cversion(), s.aversion(),
                s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid()};
    }

    private static String ephemeralDifference(dev.minizk.tree.DataTree ours, DataTree zk) {
        Set<Long> sessions = new TreeSet<>(ours.sessionsWithEphemerals());
        for (Long session : zk.getSessions()) {
            if (!zk.getEphemerals(session).isEmpty()) {
                sessions.add(session);
            }
        }
        for (long session : sessions) {
            Set<String> mine = new TreeSet<>(ours.ephemerals(session));
            Set<String> theirs = new TreeSet<>(zk.getEphemerals(session));
            if (!mine.equals(theirs)) {
                return "ephemerals of session 0x" + Long.toHexString(session) + ": ours=" + mine + " zk=" + theirs;
            }
        }
        return null;
    }

    /** What ZooKeeper's ContainerManager would reap at {@code now} (never-used containers: never). */
    static List<String> reapCandidates(DataTree zk, long now) {
        List<String> due = new ArrayList<>();
        for (String path : zk.getContainers()) {
            DataNode node = zk.getNode(path);
            if (node != null && node.stat.getCversion() > 0 && node.getChildren().isEmpty()) {
                due.add(path);
            }
        }
        for (String path : zk.getTtls()) {
            DataNode node = zk.getNode(path);
            if (node != null && node.getChildren().isEmpty()) {
                long ttl = EphemeralType.TTL.getValue(node.stat.getEphemeralOwner());
                if (ttl != 0 && now - node.stat.getMtime() > ttl) {
                    due.add(path);
                }
            }
        }
        due.sort(null);
        return due;
    }

    /** A ZooKeeper tree holding exactly the nodes, data, ACLs and Stats of ours. */
    static DataTree mirror(dev.minizk.tree.DataTree ours) throws KeeperException {
        DataTree zk = new DataTree();
        List<String> paths = ours.paths(); // sorted: a parent sorts before its children
        for (String path : paths) {
            Znode node = ours.node(path);
            if (zk.getNode(path) == null) {
                zk.createNode(path, node.hasNullData() ? null : node.data(), ZkTxns.acl(node.acl()),
                        node.ephemeralOwner(), -1, node.czxid(), node.ctime());
            } else {
                zk.setData(path, node.hasNullData() ? null : node.data(), node.version(), node.mzxid(), node.mtime());
                zk.setACL(path, ZkTxns.acl(node.acl()), node.aversion());
            }
        }
        for (String path : paths) { // after every create, which moved the parents' counters
            Znode node = ours.node(path);
            DataNode zkNode = zk.getNode(path);
            zkNode.stat.setCzxid(node.czxid());
            zkNode.stat.setMzxid(node.mzxid());
            zkNode.stat.setPzxid(node.pzxid());
            zkNode.stat.setCtime(node.ctime());
            zkNode.stat.setMtime(node.mtime());
            zkNode.stat.setVersion(node.version());
            zkNode.stat.setAversion(node.aversion());
            zkNode.stat.setCversion(node.childCreates());
        }
        zk.lastProcessedZxid = ours.lastProcessedZxid();
        return zk;
    }
}
