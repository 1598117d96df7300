package dev.minizk.differential;

import org.apache.zookeeper.CreateMode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One step of a differential workload. {@code session} is 0 (A) or 1 (B): two sessions, so that
 * one session's writes fire the other's watches and ephemerals have an owner to compare.
 */
sealed interface Op {
    int session();

    /** Short text for reports: {@code B create /d/a "x" EPHEMERAL}. */
    String describe();

    default String who() {
        return session() == 0 ? "A" : "B";
    }

    record Create(int session, String path, String data, CreateMode mode) implements Op {
        public String describe() {
            return who() + " create " + path + " \"" + data + "\" " + mode;
        }
    }

    record SetData(int session, String path, String data, int version) implements Op {
        public String describe() {
            return who() + " setData " + path + " \"" + data + "\" v" + version;
        }
    }

    record Delete(int session, String path, int version) implements Op {
        public String describe() {
            return who() + " delete " + path + " v" + version;
        }
    }

    /** Deletes the first child (by name) of the parent, if any: how sequential nodes get deleted. */
    record DeleteFirstChild(int session, String parent) implements Op {
        public String describe() {
            return who() + " deleteFirstChild " + parent;
        }
    }

    record GetData(int session, String path, boolean watch) implements Op {
        public String describe() {
            return who() + " getData " + path + (watch ? " watch" : "");
        }
    }

    record GetChildren(int session, String path, boolean watch) implements Op {
        public String describe() {
            return who() + " getChildren2 " + path + (watch ? " watch" : "");
        }
    }

    record Exists(int session, String path, boolean watch) implements Op {
        public String describe() {
            return who() + " exists " + path + (watch ? " watch" : "");
        }
    }

    record Multi(int session, List<Op> ops) implements Op {
        public String describe() {
            return who() + " multi[" + ops.stream().map(o -> o.describe().substring(2)).collect(Collectors.joining("; ")) + "]";
        }
    }

    /** Only inside a multi. */
    record Check(int session, String path, int version) implements Op {
        public String describe() {
            return who() + " check " + path + " v" + version;
        }
    }

    /** Closes session B and opens a new one: its ephemerals go, and their watchers hear it. */
    record ReopenB(int session) implements Op {
        public String describe() {
            return "B close and reopen";
        }
    }
}
