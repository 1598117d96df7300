package dev.minizk.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates histories that ZooKeeper could produce: one sequential execution of every txn (an
 * independent little model of the tree, not the checker's), with each read served from a random
 * past state that its session is allowed to see (not older than what it saw, not older than its
 * last sync). Some writes end with an unknown outcome, some of which happened and some not.
 */
final class LegalHistories {
    private static final String[] KEYS = {"/t/a", "/t/b", "/t/c"};

    private record Node(String data, int version, long czxid, long mzxid) {
    }

    private final Random random;
    private final double unknownRate;
    private TreeMap<String, Node> tree = new TreeMap<>();
    private final List<TreeMap<String, Node>> states = new ArrayList<>();
    private int sequence;
    private long counter;
    private final History.Builder history = History.builder();
    /** Per generated op: the keys written by ops whose outcome was recorded as unknown. */
    private final List<String> unknownKeys = new ArrayList<>();

    private LegalHistories(long seed, double unknownRate) {
        this.random = new Random(seed);
        this.unknownRate = unknownRate;
        states.add(new TreeMap<>(tree));
    }

    /** A legal history of about {@code steps} ops by {@code sessions} sessions. */
    static Generated generate(long seed, int sessions, int steps, double unknownRate) {
        return new LegalHistories(seed, unknownRate).run(sessions, steps);
    }

    record Generated(History history, List<String> keysWithUnknownWrites) {
    }

    private static long z(long counter) {
        return (1L << 32) | counter;
    }

    private Generated run(int sessions, int steps) {
        long[] seen = new long[sessions + 1];
        long[] synced = new long[sessions + 1];
        write(1, Command.create("/t", ""), 0, false);
        write(1, Command.create("/q", ""), 1, false);
        seen[1] = counter;
        for (int step = 2; step < steps; step++) {
            int s = 1 + random.nextInt(sessions);
            int roll = random.nextInt(100);
            String key = KEYS[random.nextInt(KEYS.length)];
            Node node = tree.get(key);
            if (roll < 55) {
                Command write = roll < 25 ? Command.setData(key, "v" + step, version(node))
                        : roll < 35 ? Command.create(key, "v" + step)
                        : roll < 45 ? Command.delete(key, version(node))
                        : Command.createSequential("/q/s-", "v" + step);
                boolean unknown = random.nextDouble() < unknownRate;
                if (unknown && random.nextBoolean()) {
                    history.op(s, write, 10L * step, 10L * step + 5, Outcome.unknown()); // lost before the leader
                    unknownKeys.add(key);
                    continue;
                }
                write(s, write, step, unknown);
                if (unknown) {
                    unknownKeys.add(key);
                } else {
                    seen[s] = counter;
                }
            } else if (roll < 92) {
                long at = Math.max(seen[s], synced[s]);
                at += (long) (random.nextDouble() * (counter - at + 1));
                at = Math.min(at, counter);
                Command read = roll < 75 ? Command.getData(key, false)
                        : roll < 85 ? Command.exists(key, false)
                        : Command.getChildren(random.nextBoolean() ? "/t" : "/q", false);
                history.op(s, read, 10L * step, 10L * step + 5, at(readAt(read, states.get((int) at)), z(at)));
                seen[s] = at;
            } else {
                history.op(s, Command.sync("/"), 10L * step, 10L * step + 5, Outcome.ok(new Result.Done(), z(counter)));
                synced[s] = counter;
                seen[s] = counter;
            }
        }
        return new Generated(history.build(), unknownKeys);
    }

    /** The same outcome with the zxid of the state the read was served from. */
    private static Outcome at(Outcome outcome, long zxid) {
        if (outcome instanceof Outcome.Ok ok) {
            return Outcome.ok(ok.result(), zxid);
        }
        return Outcome.failed(((Outcome.Failed) outcome).error(), zxid);
    }

    private int version(Node node) {
        int roll = random.nextInt(4);
        return roll == 0 || node == null ? -1 : roll == 1 ? node.version() + 1 : node.version();
    }

    /** Runs one write on the model; it gets the next zxid whether it succeeds or fails. */
    private void write(long s, Command command, int step, boolean unknown) {
        counter++;
        long zxid = z(counter);
        Outcome outcome = apply(command, zxid);
        states.add(new TreeMap<>(tree));
        history.op(s, command, 10L * step, 10L * step + 5, unknown ? Outcome.unknown() : outcome);
    }

    private Outcome apply(Command command, long zxid) {
        if (command instanceof Command.Create create) {
            String parent = create.path().substring(0, create.path().lastIndexOf('/'));
            if (!parent.isEmpty() && !parent.equals("/t") && !parent.equals("/q")) {
                throw new IllegalStateException(parent);
            }
            String path = create.sequential() ? create.path() + String.format("%010d", sequence++) : create.path();
            if (tree.containsKey(path)) {
                return Outcome.failed(ZkError.NODEEXISTS, zxid);
            }
            if (!parent.isEmpty() && !tree.containsKey(parent)) {
                return Outcome.failed(ZkError.NONODE, zxid);
            }
            tree.put(path, new Node(create.data(), 0, zxid, zxid));
            return Outcome.ok(new Result.Created(path), zxid);
        }
        if (command instanceof Command.SetData set) {
            Node node = tree.get(set.path());
            if (node == null) {
                return Outcome.failed(ZkError.NONODE, zxid);
            }
            if (set.version() != -1 && set.version() != node.version()) {
                return Outcome.failed(ZkError.BADVERSION, zxid);
            }
            Node changed = new Node(set.data(), node.version() + 1, node.czxid(), zxid);
            tree.put(set.path(), changed);
            return Outcome.ok(new Result.Updated(NodeStat.of(changed.czxid(), zxid, changed.version())), zxid);
        }
        if (command instanceof Command.Delete delete) {
            Node node = tree.get(delete.path());
            if (node == null) {
                return Outcome.failed(ZkError.NONODE, zxid);
            }
            if (delete.version() != -1 && delete.version() != node.version()) {
                return Outcome.failed(ZkError.BADVERSION, zxid);
            }
            tree.remove(delete.path());
            return Outcome.ok(new Result.Done(), zxid);
        }
        throw new IllegalArgumentException(command.describe());
    }

    private static Outcome readAt(Command read, TreeMap<String, Node> state) {
        if (read instanceof Command.GetData get) {
            Node node = state.get(get.path());
            return node == null ? Outcome.failed(ZkError.NONODE, 0)
                    : Outcome.ok(new Result.Data(node.data(), NodeStat.of(node.czxid(), node.mzxid(), node.version())), 0);
        }
        if (read instanceof Command.Exists exists) {
            Node node = state.get(exists.path());
            return Outcome.ok(node == null ? new Result.Absent()
                    : new Result.Exists(NodeStat.of(node.czxid(), node.mzxid(), node.version())), 0);
        }
        Command.GetChildren children = (Command.GetChildren) read;
        if (!state.containsKey(children.path())) {
            return Outcome.failed(ZkError.NONODE, 0);
        }
        String prefix = children.path() + "/";
        List<String> names = new ArrayList<>();
        for (String path : state.keySet()) {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                names.add(path.substring(prefix.length()));
            }
        }
        return Outcome.ok(new Result.Children(names), 0);
    }
}
