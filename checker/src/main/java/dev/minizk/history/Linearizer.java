package dev.minizk.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replays the history's txns in zxid order on the model tree and checks every reply on the way.
 *
 * <p>Ops with a reply ("items") have a zxid, so their order is fixed: writes by their zxid, each
 * read right after the writes its zxid covers. Only writes with an unknown outcome ("floating")
 * have no place; the search tries each where it may have happened (after every op that finished
 * before it started and every earlier op of its session; never where the zxids leave no room)
 * or nowhere. Without floating writes the replay is one linear pass. With them, a depth-first
 * search, memoised on (position, placed set, tree hash), stops at the first placement under which
 * every reply and every watch event fits; the budget bounds the steps it may take.
 */
final class Linearizer {
    /** One txn in the chosen order: the op and the events it triggered. */
    record Entry(int op, List<Semantics.Trigger> triggers) {
    }

    /** Thrown out of the search when the budget is spent. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private final History history;
    private final List<Op> ops;
    private final long budget;
    private final int[] items;
    private final int[] floats;
    /** Per floating write (by its index in {@code floats}): the first item it may precede. */
    private final int[] firstItem;
    private final long[] zobrist;
    /** Per op: its zxid when it has a reply, else -1. */
    private final long[] zxids;
    private final boolean[] placed;
    /** Per session: the paths of its watch events and of the watches it set. */
    private final Map<Long, Set<String>> watchedBySession = new HashMap<>();
    /** Every such path, of any session. */
    private final Set<String> watched = new HashSet<>();
    /** Per op: the paths it reads or changes (null: any), for the partial-order reduction. */
    private final List<Set<String>> touched = new ArrayList<>();
    private final ModelTree tree = new ModelTree();
    private final List<Entry> sequence = new ArrayList<>();
    /** Per item op: how many entries of the sequence it reflects (its own write included). */
    private final int[] visible;
    private final Set<Long> visited = new HashSet<>();
    private long placedHash;
    /**
     * Where the placed floating writes that touch a watched path went, in order (each with the
     * item it precedes): the watch check at a leaf depends on that order, which the tree's hash
     * does not see (two placements around an item of a watching session build the same tree).
     */
    private long watchedOrderHash;
    private long steps;
    private int deepest = -1;
    private CheckResult.Violation failure;

    Linearizer(History history, ZxidChecks zxidChecks, long budget) {
        this.history = history;
        this.ops = history.ops();
        this.budget = budget;
        this.zxids = new long[ops.size()];
        this.visible = new int[ops.size()];
        this.placed = new boolean[ops.size()];
        List<Integer> itemList = new ArrayList<>();
        List<Integer> floatList = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            zxids[i] = op.zxid();
            visible[i] = -1;
            if (op.hasReply() && !(op.command() instanceof Command.Sync)) {
                itemList.add(i);
            } else if (!op.hasReply() && op.command().isWrite()) {
                floatList.add(i);
            }
        }
        itemList.sort(Comparator.comparingLong((Integer i) -> zxids[i])
                .thenComparing(i -> ops.get(i).command().isWrite() ? 0 : 1)
                .thenComparingInt(i -> i));
        items = itemList.stream().mapToInt(Integer::intValue).toArray();
        floats = floatList.stream().mapToInt(Integer::intValue).toArray();
        firstItem = new int[floats.length];
        zobrist = new long[floats.length];
        long[] itemZxids = Arrays.stream(items).mapToLong(i -> zxids[i]).toArray();
        for (int f = 0; f < floats.length; f++) {
            long lower = lowerBound(floats[f], zxidChecks);
            firstItem[f] = upperIndex(itemZxids, lower);
            zobrist[f] = ModelTree.mix(0x5DEECE66DL + floats[f] * 0x9E3779B97F4A7C15L);
        }
        for (Op op : ops) {
            touched.add(Paths.touched(op.command()));
        }
        for (WatchEvent e : history.events()) {
            watchedBySession.computeIfAbsent(e.session(), x -> new HashSet<>()).add(e.path());
        }
        for (Op op : ops) {
            if (Paths.watches(op.command())) {
                watchedBySession.computeIfAbsent(op.session(), x -> new HashSet<>()).add(Paths.pathOf(op.command()));
            }
        }
        watchedBySession.values().forEach(watched::addAll);
    }

    long steps() {
        return steps;
    }

    int floatingWrites() {
        return floats.length;
    }

    /** Whether some placement of the floating writes explains the history; if not, {@link #failure()} says why. */
    boolean run() {
        return explore(0, 0);
    }

    CheckResult.Violation failure() {
        return failure;
    }

    /**
     * A floating write took effect after every op that completed before it was invoked and after
     * every op its session issued before it: its zxid is above all of theirs.
     */
    private long lowerBound(int op, ZxidChecks zxidChecks) {
        Op write = ops.get(op);
        long lower = 0;
        int before = zxidChecks.maxZxidOpCompletedBefore(write.invokedAt());
        if (before >= 0) {
            lower = zxids[before];
        }
        for (int i = 0; i < ops.size(); i++) {
            Op other = ops.get(i);
            if (other.session() == write.session() && other.hasReply()
                    && (other.invokedAt() < write.invokedAt() || (other.invokedAt() == write.invokedAt() && i < op))) {
                lower = Math.max(lower, zxids[i]);
            }
        }
        return lower;
    }

    /** The number of items whose zxid is at most {@code zxid}. */
    private static int upperIndex(long[] sorted, long zxid) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= zxid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Explores from "before item k, with {@code inGap} floating writes placed since item k-1".
     * Items are processed in a loop (only placing a floating write recurses), so the depth of
     * recursion is the number of floating writes, not the length of the history.
     */
    private boolean explore(int k, int inGap) {
        int treeMark = tree.mark();
        int sequenceMark = sequence.size();
        try {
            while (true) {
                if (++steps > budget) {
                    throw new BudgetExceeded();
                }
                if (floats.length > 0 && !visited.add(fingerprint(k, inGap))) {
                    return false;
                }
                for (int f = 0; f < floats.length; f++) {
                    if (mayPlace(f, k, inGap)) {
                        if (place(f, k, inGap)) {
                            return true;
                        }
                    }
                }
                if (k == items.length) {
                    return leaf();
                }
                if (!process(k)) {
                    return false;
                }
                k++;
                inGap = 0;
            }
        } finally {
            tree.rollback(treeMark);
            while (sequence.size() > sequenceMark) {
                sequence.remove(sequence.size() - 1);
            }
        }
    }

    private boolean place(int f, int k, int inGap) {
        int op = floats[f];
        placed[op] = true;
        placedHash ^= zobrist[f];
        long orderBefore = watchedOrderHash;
        if (Paths.overlap(touched.get(op), watched)) {
            watchedOrderHash = ModelTree.mix(watchedOrderHash + (op + 1) * 0x9E3779B97F4A7C15L + k * 0xC2B2AE3D27D4EB4FL);
        }
        int mark = tree.mark();
        Semantics.Applied applied = Semantics.write(tree, ops.get(op).command(), op, ops.get(op).session(), zxids);
        sequence.add(new Entry(op, applied.triggers()));
        try {
            return explore(k, inGap + 1);
        } finally {
            sequence.remove(sequence.size() - 1);
            tree.rollback(mark);
            watchedOrderHash = orderBefore;
            placedHash ^= zobrist[f];
            placed[op] = false;
        }
    }

    /**
     * Whether floating write f may take effect just before item k. Not before its lower bound,
     * not where the zxids leave no room, and (a partial-order reduction) not just after an item
     * it does not interact with, first in its gap, when the gap before that item had room for
     * every floating write: the same sequence with f before that item was tried already.
     */
    private boolean mayPlace(int f, int k, int inGap) {
        if (placed[floats[f]] || k < firstItem[f] || inGap >= room(k)) {
            return false;
        }
        if (k == firstItem[f] || k == 0) {
            return true;
        }
        if (inGap > 0 || room(k - 1) < floats.length) {
            return true; // moving it before item k-1 would also move it before the writes placed here, or might not fit
        }
        return interacts(items[k - 1], floats[f]);
    }

    /** How many txns fit between item k-1 and item k, by their zxids. */
    private long room(int k) {
        if (k == items.length) {
            return Long.MAX_VALUE;
        }
        long low = k == 0 ? 0 : zxids[items[k - 1]];
        long high = zxids[items[k]];
        return high - low - (ops.get(items[k]).command().isWrite() ? 1 : 0);
    }

    /**
     * Whether moving a floating write across an item can change a verdict: they touch a common
     * path; or the item is a reply of a session that watches a path the write touches (what the
     * reply reflects decides the order of its events); or both touch watched paths and the item
     * is a write (their order may be the order of some session's events).
     */
    private boolean interacts(int item, int floating) {
        Set<String> write = touched.get(floating);
        if (write == null || Paths.overlap(touched.get(item), write)) {
            return true;
        }
        if (Paths.overlap(watchedBySession.getOrDefault(ops.get(item).session(), Set.of()), write)) {
            return true;
        }
        return ops.get(item).command().isWrite() && Paths.overlap(touched.get(item), watched)
                && Paths.overlap(write, watched);
    }

    private long fingerprint(int k, int inGap) {
        long h = ModelTree.mix(ModelTree.mix(tree.hash() ^ placedHash) + watchedOrderHash);
        return ModelTree.mix(h + k * 0x9E3779B97F4A7C15L + inGap * 0xC2B2AE3D27D4EB4FL);
    }

    /** Applies item k (a write) or checks it (a read); false, with a failure noted, on a mismatch. */
    private boolean process(int k) {
        int op = items[k];
        Op item = ops.get(op);
        if (item.command().isWrite()) {
            Semantics.Applied applied = Semantics.write(tree, item.command(), op, item.session(), zxids);
            if (!Semantics.matches(applied.expected(), item.outcome())) {
                fail(k, () -> Explain.write(history, tree, op, applied.expected()));
                return false;
            }
            sequence.add(new Entry(op, applied.triggers()));
            visible[op] = sequence.size();
            return true;
        }
        Semantics.Expected expected = Semantics.read(tree, item.command(), zxids);
        if (!Semantics.matches(expected, item.outcome())) {
            fail(k, () -> Explain.read(history, tree, op, expected));
            return false;
        }
        visible[op] = sequence.size();
        return true;
    }

    private boolean leaf() {
        CheckResult.Violation watchProblem = WatchCheck.check(history, sequence, visible);
        if (watchProblem == null) {
            return true;
        }
        fail(items.length, () -> watchProblem);
        return false;
    }

    /**
     * Keeps the failure of the branch that got furthest (with no floating writes, the only one).
     * The explanation is built only then: a search may fail many branches at the same place.
     */
    private void fail(int depth, Supplier<CheckResult.Violation> violation) {
        if (depth > deepest) {
            deepest = depth;
            failure = violation.get();
        }
    }

    /** Which paths a command reads or changes, to tell whether two commands commute. */
    static final class Paths {
        private Paths() {
        }

        static boolean watches(Command command) {
            return (command instanceof Command.GetData g && g.watch())
                    || (command instanceof Command.Exists e && e.watch())
                    || (command instanceof Command.GetChildren c && c.watch());
        }

        static boolean overlap(Set<String> left, Set<String> right) {
            if (left == null || right == null) {
                return true;
            }
            for (String path : left) {
                if (right.contains(path)) {
                    return true;
                }
            }
            return false;
        }

        /** Null means "anything" (closing a session deletes nodes the command does not name). */
        static Set<String> touched(Command command) {
            Set<String> paths = new HashSet<>();
            if (command instanceof Command.Multi multi) {
                for (Command part : multi.ops()) {
                    paths.addAll(touched(part));
                }
                return paths;
            }
            if (command instanceof Command.CloseSession) {
                return null;
            }
            String path = pathOf(command);
            paths.add(path);
            if (command.isWrite() && !path.equals("/")) {
                paths.add(ModelTree.parentOf(path));
            }
            return paths;
        }

        static String pathOf(Command command) {
            if (command instanceof Command.OnPath onPath) {
                return onPath.path();
            }
            throw new IllegalArgumentException("no single path: " + command.describe());
        }
    }
}
