package dev.minizk.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checker's own small znode tree: just what decides replies (data, version, owner, the
 * sequential counter, children) and which op wrote each node. Every change is logged so a search
 * can undo back to a {@link #mark()}; a 64-bit hash of the content lets it recognise a state it
 * has already explored.
 */
final class ModelTree {
    /** The op index standing for "no op": the nodes of the initial tree. */
    static final int INITIAL = -1;

    /** One znode. {@code childCreates} is the counter that names sequential children. */
    record Node(String data, int version, int createdBy, int modifiedBy, long owner, int childCreates) {
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, TreeSet<String>> children = new HashMap<>();
    /** Per path, the op that last created, changed or deleted it (for witnesses). */
    private final Map<String, Integer> lastWriter = new HashMap<>();
    /** Per path, the op that last created or deleted one of its children (for witnesses). */
    private final Map<String, Integer> lastChildWriter = new HashMap<>();
    private final List<Runnable> undoLog = new ArrayList<>();
    private long hash;

    ModelTree() {
        for (String path : List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")) {
            put(path, new Node("", 0, INITIAL, INITIAL, 0, 0));
            children.put(path, new TreeSet<>());
            if (!path.equals("/")) {
                children.get(parentOf(path)).add(nameOf(path));
            }
        }
        undoLog.clear();
    }

    Node get(String path) {
        return nodes.get(path);
    }

    /** Sorted child names; empty for a missing node. */
    List<String> children(String path) {
        TreeSet<String> names = children.get(path);
        return names == null ? List.of() : List.copyOf(names);
    }

    int childCount(String path) {
        TreeSet<String> names = children.get(path);
        return names == null ? 0 : names.size();
    }

    Integer lastWriter(String path) {
        return lastWriter.get(path);
    }

    Integer lastChildWriter(String path) {
        return lastChildWriter.get(path);
    }

    long hash() {
        return hash;
    }

    int mark() {
        return undoLog.size();
    }

    void rollback(int mark) {
        while (undoLog.size() > mark) {
            undoLog.remove(undoLog.size() - 1).run();
        }
    }

    /** Nodes owned by this session, sorted (so that closing a session deletes in a fixed order). */
    List<String> ephemeralsOf(long session) {
        return nodes.entrySet().stream().filter(e -> e.getValue().owner() == session)
                .map(Map.Entry::getKey).sorted().toList();
    }

    void create(String path, Node node, int op) {
        String parent = parentOf(path);
        Node p = nodes.get(parent);
        put(parent, new Node(p.data(), p.version(), p.createdBy(), p.modifiedBy(), p.owner(), p.childCreates() + 1));
        put(path, node);
        TreeSet<String> names = children.get(parent);
        String name = nameOf(path);
        names.add(name);
        undoLog.add(() -> names.remove(name));
        children.put(path, new TreeSet<>());
        undoLog.add(() -> children.remove(path));
        noteWriter(lastWriter, path, op);
        noteWriter(lastChildWriter, parent, op);
    }

    void update(String path, Node node, int op) {
        put(path, node);
        noteWriter(lastWriter, path, op);
    }

    void delete(String path, int op) {
        String parent = parentOf(path);
        Node old = nodes.remove(path);
        hash ^= nodeHash(path, old);
        undoLog.add(() -> {
            nodes.put(path, old);
            hash ^= nodeHash(path, old);
        });
        TreeSet<String> names = children.get(parent);
        String name = nameOf(path);
        names.remove(name);
        undoLog.add(() -> names.add(name));
        TreeSet<String> mine = children.remove(path);
        undoLog.add(() -> children.put(path, mine));
        noteWriter(lastWriter, path, op);
        noteWriter(lastChildWriter, parent, op);
    }

    private void put(String path, Node node) {
        Node old = nodes.put(path, node);
        if (old != null) {
            hash ^= nodeHash(path, old);
        }
        hash ^= nodeHash(path, node);
        undoLog.add(() -> {
            hash ^= nodeHash(path, node);
            if (old != null) {
                nodes.put(path, old);
                hash ^= nodeHash(path, old);
            } else {
                nodes.remove(path);
            }
        });
    }

    private void noteWriter(Map<String, Integer> writers, String path, int op) {
        Integer old = writers.put(path, op);
        undoLog.add(() -> {
            if (old == null) {
                writers.remove(path);
            } else {
                writers.put(path, old);
            }
        });
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static long nodeHash(String path, Node node) {
        long h = mix(path.hashCode() * 0x9E3779B97F4A7C15L + node.data().hashCode());
        h = mix(h ^ node.version() ^ ((long) node.childCreates() << 32));
        h = mix(h ^ node.owner());
        return mix(h ^ node.createdBy() ^ ((long) node.modifiedBy() << 32));
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
