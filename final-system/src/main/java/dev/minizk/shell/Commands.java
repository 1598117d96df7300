package dev.minizk.shell;

import dev.minizk.client.NodeAcl;
import dev.minizk.client.NodeChildren;
import dev.minizk.client.NodeData;
import dev.minizk.client.Watcher;
import dev.minizk.client.ZkClient;
import dev.minizk.proto.AddWatchMode;
import dev.minizk.tree.Id;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The shell's commands, zkCli's syntax and output. Each takes its words (after the name) and
 * prints through {@code print}, one whole result per call so that a watch event printed from the
 * event thread never lands in the middle of it. Failures are thrown: {@link KeeperException}
 * (the server said no) or {@link BadArgumentException} (the words make no sense).
 */
final class Commands {
    /** One command: its usage line, what it does, and how. */
    record Command(String name, String usage, String summary, Handler handler) {
    }

    @FunctionalInterface
    interface Handler {
        void run(List<String> words);
    }

    private final ZkClient zk;
    private final Watcher watcher;
    private final Consumer<String> print;
    private final Map<String, Command> byName = new LinkedHashMap<>();

    Commands(ZkClient zk, Watcher watcher, Consumer<String> print) {
        this.zk = zk;
        this.watcher = watcher;
        this.print = print;
        add("ls", "ls [-s] [-w] [-R] path", "list the children (sorted); -s with the Stat, -w watch, -R the whole subtree", this::ls);
        add("get", "get [-s] [-w] path", "print the data; -s with the Stat, -w watch it", this::get);
        add("stat", "stat [-w] path", "print the Stat", this::stat);
        add("create", "create [-s] [-e] [-c] [-t ttl] path [data] [acl]",
                "create a node: -s sequential, -e ephemeral, -c container, -t TTL in ms", this::create);
        add("set", "set [-s] [-v version] path data", "set the data; -v only if the version matches, -s print the Stat", this::set);
        add("delete", "delete [-v version] path", "delete a node without children", this::delete);
        add("deleteall", "deleteall path", "delete a node and everything under it", this::deleteAll);
        add("watch", "watch path", "a one-time watch: the next create, change or delete of the node", this::watch);
        add("addWatch", "addWatch [-m PERSISTENT|PERSISTENT_RECURSIVE] path",
                "a watch that stays (default PERSISTENT_RECURSIVE, as zkCli)", this::addWatch);
        add("getAcl", "getAcl [-s] path", "print the ACL", this::getAcl);
        add("setAcl", "setAcl [-s] [-v version] [-R] path acl", "set the ACL, e.g. world:anyone:cdrwa,digest:bob:HASH:r", this::setAcl);
        add("addauth", "addauth scheme auth", "add an identity, e.g. addauth digest user:pass", this::addAuth);
        add("sync", "sync path", "wait until the server has applied earlier writes", this::sync);
        add("whoami", "whoami", "the identities of this connection", this::whoAmI);
        add("getEphemerals", "getEphemerals [path]", "this session's ephemeral nodes", this::getEphemerals);
    }

    Command find(String name) {
        return byName.get(name);
    }

    List<Command> all() {
        return List.copyOf(byName.values());
    }

    private void add(String name, String usage, String summary, Handler handler) {
        add(new Command(name, usage, summary, handler));
    }

    /** Adds a command defined elsewhere (the recipes' {@link RecipeCommands}). */
    void add(Command command) {
        if (byName.putIfAbsent(command.name(), command) != null) {
            throw new IllegalStateException("two commands named " + command.name());
        }
    }

    // ------------------------------------------------------------------ reads

    private void ls(List<String> words) {
        CommandArgs args = parse("ls", words, Set.of("s", "w", "R"), Set.of()).expect(1, 1, "ls [-s] [-w] [-R] path");
        String path = args.arg(0);
        if (args.has("R")) {
            StringBuilder lines = new StringBuilder();
            for (String node : subtree(path)) {
                lines.append(lines.isEmpty() ? "" : "\n").append(node);
            }
            print.accept(lines.toString());
            return;
        }
        NodeChildren children = args.has("w") ? zk.getChildrenWithStat(path, watcher) : zk.getChildrenWithStat(path, false);
        List<String> sorted = new ArrayList<>(children.children());
        sorted.sort(null);
        print.accept(args.has("s") ? sorted + "\n" + ZkText.stat(children.stat()) : sorted.toString());
    }

    private void get(List<String> words) {
        CommandArgs args = parse("get", words, Set.of("s", "w"), Set.of()).expect(1, 1, "get [-s] [-w] path");
        NodeData node = args.has("w") ? zk.getData(args.arg(0), watcher) : zk.getData(args.arg(0), false);
        String data = node.data() == null ? "null" : new String(node.data(), StandardCharsets.UTF_8);
        print.accept(args.has("s") ? data + "\n" + ZkText.stat(node.stat()) : data);
    }

    private void stat(List<String> words) {
        CommandArgs args = parse("stat", words, Set.of("w"), Set.of()).expect(1, 1, "stat [-w] path");
        Stat stat = args.has("w") ? zk.exists(args.arg(0), watcher) : zk.exists(args.arg(0), false);
        if (stat == null) {
            throw new KeeperException(ErrorCode.NONODE, args.arg(0));
        }
        print.accept(ZkText.stat(stat));
    }

    private void getAcl(List<String> words) {
        CommandArgs args = parse("getAcl", words, Set.of("s"), Set.of()).expect(1, 1, "getAcl [-s] path");
        NodeAcl acl = zk.getAcl(args.arg(0));
        print.accept(args.has("s") ? ZkText.acl(acl.acl()) + "\n" + ZkText.stat(acl.stat()) : ZkText.acl(acl.acl()));
    }

    private void getEphemerals(List<String> words) {
        CommandArgs args = parse("getEphemerals", words, Set.of(), Set.of()).expect(0, 1, "getEphemerals [path]");
        List<String> paths = new ArrayList<>(zk.getEphemerals(args.count() == 0 ? "/" : args.arg(0)));
        paths.sort(null);
        print.accept(paths.toString());
    }

    // ------------------------------------------------------------------ writes

    private void create(List<String> words) {
        String usage = "create [-s] [-e] [-c] [-t ttl] path [data] [acl]";
        CommandArgs args = parse("create", words, Set.of("s", "e", "c"), Set.of("t")).expect(1, 3, usage);
        boolean sequential = args.has("s");
        boolean ephemeral = args.has("e");
        boolean container = args.has("c");
        boolean ttl = args.has("t");
        if ((ephemeral ? 1 : 0) + (container ? 1 : 0) + (ttl ? 1 : 0) > 1) {
            throw new BadArgumentException("-e, -c and -t cannot be combined");
        }
        if (container && sequential) {
            throw new BadArgumentException("-c cannot be combined with -s");
        }
        CreateMode mode;
        if (ephemeral) {
            mode = sequential ? CreateMode.EPHEMERAL_SEQUENTIAL : CreateMode.EPHEMERAL;
        } else if (container) {
            mode = CreateMode.CONTAINER;
        } else if (ttl) {
            mode = sequential ? CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL : CreateMode.PERSISTENT_WITH_TTL;
        } else {
            mode = sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
        }
        long ttlMillis = ttl ? args.longValue("t", "ttl") : -1;
        if (ttl && ttlMillis <= 0) {
            throw new BadArgumentException("ttl '" + ttlMillis + "' must be positive");
        }
        byte[] data = args.argOrNull(1) == null ? null : bytes(args.arg(1));
        List<Acl> acl = args.argOrNull(2) == null ? Acl.OPEN_ACL_UNSAFE : ZkText.parseAcl(args.arg(2));
        print.accept("Created " + zk.create(args.arg(0), data, acl, mode, ttlMillis));
    }

    private void set(List<String> words) {
        CommandArgs args = parse("set", words, Set.of("s"), Set.of("v")).expect(2, 2, "set [-s] [-v version] path data");
        int version = args.intValue("v", "version", -1);
        Stat stat = zk.setData(args.arg(0), bytes(args.arg(1)), version);
        if (args.has("s")) {
            print.accept(ZkText.stat(stat));
        }
    }

    private void delete(List<String> words) {
        CommandArgs args = parse("delete", words, Set.of(), Set.of("v")).expect(1, 1, "delete [-v version] path");
        zk.delete(args.arg(0), args.intValue("v", "version", -1));
    }

    private void deleteAll(List<String> words) {
        CommandArgs args = parse("deleteall", words, Set.of(), Set.of()).expect(1, 1, "deleteall path");
        List<String> nodes = subtree(args.arg(0));
        // children before parents; a node that vanished meanwhile is already done
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                zk.delete(nodes.get(i), -1);
            } catch (KeeperException e) {
                if (e.code() != ErrorCode.NONODE) {
                    throw e;
                }
            }
        }
    }

    private void setAcl(List<String> words) {
        CommandArgs args = parse("setAcl", words, Set.of("s", "R"), Set.of("v")).expect(2, 2, "setAcl [-s] [-v version] [-R] path acl");
        int version = args.intValue("v", "version", -1);
        List<Acl> acl = ZkText.parseAcl(args.arg(1));
        List<String> targets = args.has("R") ? subtree(args.arg(0)) : List.of(args.arg(0));
        Stat stat = null;
        for (String path : targets) {
            Stat s = zk.setAcl(path, acl, args.has("R") ? -1 : version);
            stat = stat == null ? s : stat;
        }
        if (args.has("s") && stat != null) {
            print.accept(ZkText.stat(stat));
        }
    }

    // ------------------------------------------------------------------ watches, session

    private void watch(List<String> words) {
        CommandArgs args = parse("watch", words, Set.of(), Set.of()).expect(1, 1, "watch path");
        // exists: the one read that may watch a node that is not there yet
        Stat stat = zk.exists(args.arg(0), watcher);
        print.accept("watching " + args.arg(0) + (stat == null ? " (does not exist yet)" : ""));
    }

    private void addWatch(List<String> words) {
        CommandArgs args = parse("addWatch", words, Set.of(), Set.of("m")).expect(1, 1, "addWatch [-m PERSISTENT|PERSISTENT_RECURSIVE] path");
        AddWatchMode mode = AddWatchMode.PERSISTENT_RECURSIVE;
        if (args.has("m")) {
            String text = args.value("m");
            try {
                mode = AddWatchMode.valueOf(text.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadArgumentException("mode '" + text + "' is not PERSISTENT or PERSISTENT_RECURSIVE");
            }
        }
        zk.addWatch(args.arg(0), watcher, mode);
    }

    private void addAuth(List<String> words) {
        CommandArgs args = parse("addauth", words, Set.of(), Set.of()).expect(2, 2, "addauth scheme auth");
        zk.addAuth(args.arg(0), bytes(args.arg(1)));
    }

    private void sync(List<String> words) {
        CommandArgs args = parse("sync", words, Set.of(), Set.of()).expect(1, 1, "sync path");
        zk.sync(args.arg(0));
        print.accept("Sync is OK");
    }

    private void whoAmI(List<String> words) {
        parse("whoami", words, Set.of(), Set.of()).expect(0, 0, "whoami");
        StringBuilder text = new StringBuilder("Auth scheme: User");
        for (Id id : zk.whoAmI()) {
            text.append('\n').append(id.scheme()).append(": ").append(id.id());
        }
        print.accept(text.toString());
    }

    // ------------------------------------------------------------------ helpers

    /** The node and every descendant, parents before children (breadth first, as zkCli's ZKUtil). */
    private List<String> subtree(String root) {
        List<String> nodes = new ArrayList<>();
        nodes.add(root);
        for (int i = 0; i < nodes.size(); i++) {
            String parent = nodes.get(i);
            List<String> children = new ArrayList<>(zk.getChildren(parent, false));
            children.sort(null);
            for (String child : children) {
                nodes.add(parent.equals("/") ? "/" + child : parent + "/" + child);
            }
        }
        return nodes;
    }

    private static CommandArgs parse(String command, List<String> words, Set<String> flags, Set<String> valued) {
        CommandArgs args = CommandArgs.parse(command, words, flags, valued);
        return command.equals("addauth") ? args : args.pathAt(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
