package dev.minizk.history;

import java.util.List;
import java.util.Objects;

/** What a successful reply said. A {@code null} stat means the adapter did not record it. */
public sealed interface Result {

    /** create: the node's actual name (with the sequential suffix). */
    record Created(String path) implements Result {
        public Created {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** setData: the node's Stat after the write. */
    record Updated(NodeStat stat) implements Result {
        @Override
        public String toString() {
            return stat == null ? "updated" : "updated (" + stat + ")";
        }
    }

    /** delete, check, sync, closeSession. */
    record Done() implements Result {
        @Override
        public String toString() {
            return "done";
        }
    }

    record Data(String data, NodeStat stat) implements Result {
        public Data {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String toString() {
            return "\"" + data + "\"" + (stat == null ? "" : " (" + stat + ")");
        }
    }

    /** exists on a node that is there. */
    record Exists(NodeStat stat) implements Result {
        @Override
        public String toString() {
            return stat == null ? "exists" : "exists (" + stat + ")";
        }
    }

    /** exists on a node that is not there. */
    record Absent() implements Result {
        @Override
        public String toString() {
            return "absent";
        }
    }

    /** getChildren: the names, in any order (the checker sorts them). */
    record Children(List<String> names) implements Result {
        public Children {
            names = names.stream().sorted().toList();
        }

        @Override
        public String toString() {
            return names.toString();
        }
    }

    record MultiResults(List<Result> results) implements Result {
        public MultiResults {
            results = List.copyOf(results);
        }

        @Override
        public String toString() {
            return results.toString();
        }
    }
}
