package dev.minizk.history;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generates histories that ZooKeeper could produce: one sequential execution of every txn (an
 * independent little model of the tree, not the checker's), with each read served from a random
 * past state that its session is allowed to see (not older than what it saw, not older than its
 * last sync), and calls of different sessions overlapping in time around the moment they take
 * effect. Some writes end with an unknown outcome, some of which happened and some not.
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

    /** A one-time watch a read set: it fires on the first matching txn after {@code since}. */
    private record Watch(long session, String path, Set<EventType> types, long since) {
    }

    private record Fired(EventType type, String path) {
    }

    private final boolean watches;
    private final List<Watch> active = new ArrayList<>();
    /** Per zxid counter, the events its txn triggers. */
    private final List<List<Fired>> firedAt = new ArrayList<>(List.of(List.of()));
    private long[] seen;

    private LegalHistories(long seed, double unknownRate, boolean watches) {
        this.random = new Random(seed);
        this.unknownRate = unknownRate;
        this.watches = watches;
        states.add(new TreeMap<>(tree));
    }

    /** A legal history of about {@code steps} ops by {@code sessions} sessions. */
    static Generated generate(long seed, int sessions, int steps, double unknownRate) {
        return new LegalHistories(seed, unknownRate, false).run(sessions, steps);
    }

    /**
     * The same with watches: reads set one-time watches at random, and every watch fires as it
     * would on the session's one server: when the server applies the first matching txn (at once
     * after the read if the server's state was already past it), before the replies that follow.
     */
    static Generated generateWithWatches(long seed, int sessions, int steps, double unknownRate) {
        return new LegalHistories(seed, unknownRate, true).run(sessions, steps);
    }

    record Generated(History history, List<String> keysWithUnknownWrites) {
    }

    private static long z(long counter) {
        return (1L << 32) | counter;
    }

    private Generated run(int sessions, int steps) {
        seen = new long[sessions + 1];
        lastCompleted = new long[sessions + 1];
        java.util.Arrays.fill(lastCompleted, -100);
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
                    history.op(s, write, invoke(s, step), complete(s, step, true), Outcome.unknown()); // lost before the leader
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
                boolean watch = watches && random.nextBoolean();
                Command read = roll < 75 ? Command.getData(key, watch)
                        : roll < 85 ? Command.exists(key, watch)
                        : Command.getChildren(random.nextBoolean() ? "/t" : "/q", watch);
                Outcome outcome = readAt(read, states.get((int) at));
                long invokedAt = invoke(s, step);
                long completedAt = complete(s, step, false);
                history.op(s, read, invokedAt, completedAt, at(outcome, z(at)));
                seen[s] = at;
                if (watch) {
                    watchFrom(s, read, outcome, at, completedAt + 1);
                }
            } else {
                history.op(s, Command.sync("/"), invoke(s, step), complete(s, step, false), Outcome.ok(new Result.Done(), z(counter)));
                synced[s] = counter;
                seen[s] = counter;
            }
        }
        return new Generated(history.build(), unknownKeys);
    }

    /**
     * Ops of different sessions overlap: each takes effect at time 10·step, is invoked up to 15
     * earlier (after its session's previous reply: one call at a time per session, so replies and
     * events keep the order one server gives them) and completes up to 9 later. Replies complete
     * at odd offsets and events arrive at even ones, so a session's event and reply never share a
     * time; a write's reply comes after the events it triggers (offset 4).
     */
    private long invoke(long s, int step) {
        long at = Math.max(10L * step - random.nextInt(16), lastCompleted[(int) s] + 1);
        if (at > 10L * step) {
            throw new IllegalStateException("a session's previous call must complete before the next step");
        }
        return at;
    }

    private long complete(long s, int step, boolean write) {
        long at = 10L * step + (write ? 5 : 1) + 2L * random.nextInt(write ? 3 : 5);
        lastCompleted[(int) s] = at;
        return at;
    }

    private long[] lastCompleted;

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
        firedAt.add(fired(command, outcome));
        for (Watch w : List.copyOf(active)) {
            fire(w, counter, 10L * step + 4); // before the reply of the write (its own session's included)
        }
        history.op(s, command, invoke(s, step), complete(s, step, true), unknown ? Outcome.unknown() : outcome);
    }

    /** Registers the watch a read set, or fires it at once if its server is already past a match. */
    private void watchFrom(long s, Command read, Outcome outcome, long at, long now) {
        Set<EventType> types = read instanceof Command.GetChildren
                ? EnumSet.of(EventType.NodeDeleted, EventType.NodeChildrenChanged)
                : EnumSet.of(EventType.NodeCreated, EventType.NodeDeleted, EventType.NodeDataChanged);
        boolean registered = read instanceof Command.Exists || outcome instanceof Outcome.Ok;
        if (!registered) {
            return;
        }
        String path = ((Command.OnPath) read).path();
        Watch w = new Watch(s, path, types, at);
        active.add(w);
        for (long c = at + 1; c <= counter && active.contains(w); c++) {
            fire(w, c, now);
        }
    }

    private void fire(Watch w, long c, long now) {
        if (c <= w.since()) {
            return;
        }
        for (Fired f : firedAt.get((int) c)) {
            if (f.path().equals(w.path()) && w.types().contains(f.type())) {
                active.remove(w);
                if (!delivered.contains(List.of(w.session(), c, f.type(), f.path()))) {
                    delivered.add(List.of(w.session(), c, f.type(), f.path()));
                    history.event(w.session(), f.type(), f.path(), now);
                }
                seen[(int) w.session()] = Math.max(seen[(int) w.session()], c); // its server is at least there
                return;
            }
        }
    }

    /** (session, zxid, type, path) of events sent: one copy per trigger per session. */
    private final Set<List<Object>> delivered = new HashSet<>();

    private static List<Fired> fired(Command command, Outcome outcome) {
        if (!(outcome instanceof Outcome.Ok ok)) {
            return List.of();
        }
        if (command instanceof Command.SetData set) {
            return List.of(new Fired(EventType.NodeDataChanged, set.path()));
        }
        String path = command instanceof Command.Create ? ((Result.Created) ok.result()).path() : ((Command.OnPath) command).path();
        String parent = path.substring(0, path.lastIndexOf('/'));
        EventType type = command instanceof Command.Create ? EventType.NodeCreated : EventType.NodeDeleted;
        return List.of(new Fired(type, path), new Fired(EventType.NodeChildrenChanged, parent.isEmpty() ? "/" : parent));
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
