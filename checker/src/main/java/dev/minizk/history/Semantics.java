package dev.minizk.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ZooKeeper's rules for each command, on the {@link ModelTree}: which result or error a write
 * produces (checks in the server's order, zk-reference §2.2), which events it triggers, what a
 * read returns, and whether a reported outcome matches.
 */
final class Semantics {
    /** Nodes ZooKeeper refuses to delete (zk-reference §2.1). */
    private static final Set<String> SPECIAL = Set.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config");

    private Semantics() {
    }

    /** A watch event a txn triggers: NodeCreated on the node, NodeChildrenChanged on its parent, … */
    record Trigger(EventType type, String path) {
    }

    /** What the model says an op returns: a result, or an error. */
    record Expected(Result result, ZkError error) {
        static Expected ok(Result result) {
            return new Expected(result, null);
        }

        static Expected failed(ZkError error) {
            return new Expected(null, error);
        }

        @Override
        public String toString() {
            return error != null ? error.toString() : result.toString();
        }
    }

    /** A write applied to the tree (unless it failed), its expected reply and the events it fires. */
    record Applied(Expected expected, List<Trigger> triggers) {
    }

    /**
     * Applies a write (a failed one leaves the tree as it was). {@code zxids[op]} is an op's zxid
     * when known, -1 for an op whose place the search chose; it fills the Stats replies carry.
     */
    static Applied write(ModelTree tree, Command command, int op, long session, long[] zxids) {
        List<Trigger> triggers = new ArrayList<>();
        if (command instanceof Command.Multi multi) {
            int mark = tree.mark();
            List<Result> results = new ArrayList<>();
            for (Command part : multi.ops()) {
                Expected one = writeOne(tree, part, op, session, zxids, triggers);
                if (one.error() != null) {
                    tree.rollback(mark);
                    return new Applied(one, List.of());
                }
                results.add(one.result());
            }
            return new Applied(Expected.ok(new Result.MultiResults(results)), triggers);
        }
        if (command instanceof Command.CloseSession) {
            for (String path : tree.ephemeralsOf(session)) {
                deleteNode(tree, path, op, triggers);
            }
            return new Applied(Expected.ok(new Result.Done()), triggers);
        }
        Expected one = writeOne(tree, command, op, session, zxids, triggers);
        return new Applied(one, one.error() == null ? triggers : List.of());
    }

    private static Expected writeOne(ModelTree tree, Command command, int op, long session, long[] zxids,
                                     List<Trigger> triggers) {
        if (command instanceof Command.Create create) {
            return create(tree, create, op, session, triggers);
        }
        if (command instanceof Command.SetData set) {
            ModelTree.Node node = tree.get(set.path());
            if (node == null) {
                return Expected.failed(ZkError.NONODE);
            }
            if (set.version() != -1 && set.version() != node.version()) {
                return Expected.failed(ZkError.BADVERSION);
            }
            ModelTree.Node changed = new ModelTree.Node(set.data(), node.version() + 1, node.createdBy(), op,
                    node.owner(), node.childCreates());
            tree.update(set.path(), changed, op);
            triggers.add(new Trigger(EventType.NodeDataChanged, set.path()));
            return Expected.ok(new Result.Updated(stat(tree, set.path(), changed, zxids)));
        }
        if (command instanceof Command.Delete delete) {
            ModelTree.Node node = tree.get(delete.path());
            if (SPECIAL.contains(delete.path())) {
                return Expected.failed(ZkError.BADARGUMENTS);
            }
            if (node == null) {
                return Expected.failed(ZkError.NONODE);
            }
            if (delete.version() != -1 && delete.version() != node.version()) {
                return Expected.failed(ZkError.BADVERSION);
            }
            if (tree.childCount(delete.path()) > 0) {
                return Expected.failed(ZkError.NOTEMPTY);
            }
            deleteNode(tree, delete.path(), op, triggers);
            return Expected.ok(new Result.Done());
        }
        if (command instanceof Command.Check check) {
            ModelTree.Node node = tree.get(check.path());
            if (node == null) {
                return Expected.failed(ZkError.NONODE);
            }
            if (check.version() != -1 && check.version() != node.version()) {
                return Expected.failed(ZkError.BADVERSION);
            }
            return Expected.ok(new Result.Done());
        }
        throw new IllegalArgumentException("not a write: " + command.describe());
    }

    private static Expected create(ModelTree tree, Command.Create create, int op, long session, List<Trigger> triggers) {
        if (create.path().equals("/")) {
            return Expected.failed(ZkError.NODEEXISTS);
        }
        String parentPath = ModelTree.parentOf(create.path());
        ModelTree.Node parent = tree.get(parentPath);
        if (parent == null) {
            return Expected.failed(ZkError.NONODE);
        }
        String path = create.sequential() ? create.path() + String.format("%010d", parent.childCreates()) : create.path();
        if (tree.get(path) != null) {
            return Expected.failed(ZkError.NODEEXISTS);
        }
        if (parent.owner() != 0) {
            return Expected.failed(ZkError.NOCHILDRENFOREPHEMERALS);
        }
        tree.create(path, new ModelTree.Node(create.data(), 0, op, op, create.ephemeral() ? session : 0, 0), op);
        triggers.add(new Trigger(EventType.NodeCreated, path));
        triggers.add(new Trigger(EventType.NodeChildrenChanged, parentPath));
        return Expected.ok(new Result.Created(path));
    }

    private static void deleteNode(ModelTree tree, String path, int op, List<Trigger> triggers) {
        tree.delete(path, op);
        triggers.add(new Trigger(EventType.NodeDeleted, path));
        triggers.add(new Trigger(EventType.NodeChildrenChanged, ModelTree.parentOf(path)));
    }

    /** What a read returns on this tree. */
    static Expected read(ModelTree tree, Command command, long[] zxids) {
        if (command instanceof Command.GetData get) {
            ModelTree.Node node = tree.get(get.path());
            return node == null ? Expected.failed(ZkError.NONODE)
                    : Expected.ok(new Result.Data(node.data(), stat(tree, get.path(), node, zxids)));
        }
        if (command instanceof Command.Exists exists) {
            ModelTree.Node node = tree.get(exists.path());
            return node == null ? Expected.ok(new Result.Absent())
                    : Expected.ok(new Result.Exists(stat(tree, exists.path(), node, zxids)));
        }
        if (command instanceof Command.GetChildren children) {
            ModelTree.Node node = tree.get(children.path());
            return node == null ? Expected.failed(ZkError.NONODE)
                    : Expected.ok(new Result.Children(tree.children(children.path())));
        }
        throw new IllegalArgumentException("not a read: " + command.describe());
    }

    /** The node's Stat; a zxid the model does not know (an op placed by the search) is -1. */
    static NodeStat stat(ModelTree tree, String path, ModelTree.Node node, long[] zxids) {
        return new NodeStat(zxidOf(node.createdBy(), zxids), zxidOf(node.modifiedBy(), zxids), node.version(),
                node.owner(), tree.childCount(path));
    }

    private static long zxidOf(int op, long[] zxids) {
        return op == ModelTree.INITIAL ? 0 : zxids[op];
    }

    /** Whether the reported outcome is the one the model gives. */
    static boolean matches(Expected expected, Outcome reported) {
        if (reported instanceof Outcome.Failed failed) {
            return failed.error() == expected.error();
        }
        if (!(reported instanceof Outcome.Ok ok)) {
            throw new IllegalArgumentException("an unknown outcome has nothing to compare");
        }
        return expected.error() == null && sameResult(expected.result(), ok.result());
    }

    private static boolean sameResult(Result model, Result reported) {
        if (model instanceof Result.Updated m && reported instanceof Result.Updated r) {
            return sameStat(m.stat(), r.stat());
        }
        if (model instanceof Result.Data m && reported instanceof Result.Data r) {
            return m.data().equals(r.data()) && sameStat(m.stat(), r.stat());
        }
        if (model instanceof Result.Exists m && reported instanceof Result.Exists r) {
            return sameStat(m.stat(), r.stat());
        }
        if (model instanceof Result.MultiResults m && reported instanceof Result.MultiResults r) {
            if (m.results().size() != r.results().size()) {
                return false;
            }
            for (int i = 0; i < m.results().size(); i++) {
                if (!sameResult(m.results().get(i), r.results().get(i))) {
                    return false;
                }
            }
            return true;
        }
        return model.equals(reported);
    }

    /** A field the model does not know (-1) matches anything; an unrecorded Stat (null) too. */
    private static boolean sameStat(NodeStat model, NodeStat reported) {
        if (reported == null) {
            return true;
        }
        return model.version() == reported.version() && model.ephemeralOwner() == reported.ephemeralOwner()
                && model.numChildren() == reported.numChildren()
                && (model.czxid() < 0 || model.czxid() == reported.czxid())
                && (model.mzxid() < 0 || model.mzxid() == reported.mzxid());
    }
}
