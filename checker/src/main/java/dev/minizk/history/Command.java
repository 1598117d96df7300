package dev.minizk.history;

import java.util.List;
import java.util.Objects;

/**
 * What a client asked for, in the checker's own terms (no stage class): a stage's adapter turns
 * each {@code ZkClient} call into one of these. Data is text; an adapter that sends bytes decodes
 * them (for example as UTF-8) the same way for writes and reads.
 */
public sealed interface Command {

    /** Whether this command is a txn (changes the tree, or fails as an error txn with a zxid). */
    boolean isWrite();

    /** One short line: {@code setData /a "x" v=3}. */
    String describe();

    /** A command on one node (every command but multi and closeSession). */
    sealed interface OnPath extends Command permits Create, SetData, Delete, Check, GetData, Exists, GetChildren, Sync {
        String path();
    }

    static Create create(String path, String data) {
        return new Create(path, data, false, false);
    }

    static Create createSequential(String path, String data) {
        return new Create(path, data, false, true);
    }

    static Create createEphemeral(String path, String data) {
        return new Create(path, data, true, false);
    }

    static SetData setData(String path, String data, int version) {
        return new SetData(path, data, version);
    }

    static Delete delete(String path, int version) {
        return new Delete(path, version);
    }

    static GetData getData(String path, boolean watch) {
        return new GetData(path, watch);
    }

    static Exists exists(String path, boolean watch) {
        return new Exists(path, watch);
    }

    static GetChildren getChildren(String path, boolean watch) {
        return new GetChildren(path, watch);
    }

    static Sync sync(String path) {
        return new Sync(path);
    }

    record Create(String path, String data, boolean ephemeral, boolean sequential) implements OnPath {
        public Create {
            checkPath(path);
            Objects.requireNonNull(data, "data");
        }

        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "create" + (ephemeral ? " -e" : "") + (sequential ? " -s" : "") + " " + path + " " + quote(data);
        }
    }

    record SetData(String path, String data, int version) implements OnPath {
        public SetData {
            checkPath(path);
            Objects.requireNonNull(data, "data");
        }

        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "setData " + path + " " + quote(data) + " v=" + version;
        }
    }

    record Delete(String path, int version) implements OnPath {
        public Delete {
            checkPath(path);
        }

        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "delete " + path + " v=" + version;
        }
    }

    /** A version check; only inside a {@link Multi}. */
    record Check(String path, int version) implements OnPath {
        public Check {
            checkPath(path);
        }

        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "check " + path + " v=" + version;
        }
    }

    /** All or nothing, one txn; its parts are creates, setData, deletes and checks. */
    record Multi(List<Command> ops) implements Command {
        public Multi {
            ops = List.copyOf(ops);
            for (Command op : ops) {
                if (!(op instanceof Create || op instanceof SetData || op instanceof Delete || op instanceof Check)) {
                    throw new IllegalArgumentException("a multi holds creates, setData, deletes and checks, not " + op.describe());
                }
            }
        }

        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "multi[" + String.join("; ", ops.stream().map(Command::describe).toList()) + "]";
        }
    }

    /** The session's end: its close, or (with an unknown outcome) its expiry. Deletes its ephemerals. */
    record CloseSession() implements Command {
        public boolean isWrite() {
            return true;
        }

        public String describe() {
            return "closeSession";
        }
    }

    record GetData(String path, boolean watch) implements OnPath {
        public GetData {
            checkPath(path);
        }

        public boolean isWrite() {
            return false;
        }

        public String describe() {
            return "getData " + path + (watch ? " watch" : "");
        }
    }

    record Exists(String path, boolean watch) implements OnPath {
        public Exists {
            checkPath(path);
        }

        public boolean isWrite() {
            return false;
        }

        public String describe() {
            return "exists " + path + (watch ? " watch" : "");
        }
    }

    record GetChildren(String path, boolean watch) implements OnPath {
        public GetChildren {
            checkPath(path);
        }

        public boolean isWrite() {
            return false;
        }

        public String describe() {
            return "getChildren " + path + (watch ? " watch" : "");
        }
    }

    record Sync(String path) implements OnPath {
        public Sync {
            checkPath(path);
        }

        public boolean isWrite() {
            return false;
        }

        public String describe() {
            return "sync " + path;
        }
    }

    private static void checkPath(String path) {
        if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/")) || path.contains("//")) {
            throw new IllegalArgumentException("not a znode path: " + path);
        }
    }

    private static String quote(String data) {
        return "\"" + data + "\"";
    }
}
