package dev.minizk.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a reply that does not match the replay into a violation a student can read: what the
 * op returned, what the model says it should have, and the ops that put the tree in that state.
 */
final class Explain {
    private Explain() {
    }

    static CheckResult.Violation write(History history, ModelTree tree, int op, Semantics.Expected expected) {
        Op write = history.ops().get(op);
        List<Integer> witness = new ArrayList<>(List.of(op));
        String context = "";
        if (write.command() instanceof Command.Create create && write.outcome() instanceof Outcome.Ok ok
                && ok.result() instanceof Result.Created created) {
            int other = otherCreator(history, op, created.path());
            if (create.sequential() && other >= 0) {
                witness.add(other);
                context = "; duplicate sequential name: #" + other + " also created " + created.path();
            }
            addIfKnown(witness, tree.lastChildWriter(ModelTree.parentOf(create.path())));
        } else if (!(write.command() instanceof Command.CloseSession) && !(write.command() instanceof Command.Multi)) {
            String path = Linearizer.Paths.pathOf(write.command());
            Integer writer = tree.lastWriter(path);
            addIfKnown(witness, writer);
            if (writer != null && writer >= 0) {
                context = "; " + path + " was last written by #" + writer + describeSession(history, writer);
            }
        }
        String text = "#" + op + " " + write.command().describe() + " returned " + write.outcome()
                + ", but at its place in zxid order it gives " + expected + context;
        return new CheckResult.Violation(Rule.WRITE_RESULT, text, Witness.of(history, witness.toArray(Integer[]::new)));
    }

    static CheckResult.Violation read(History history, ModelTree tree, int op, Semantics.Expected expected) {
        Op read = history.ops().get(op);
        String path = Linearizer.Paths.pathOf(read.command());
        List<Integer> witness = new ArrayList<>(List.of(op));
        Integer writer = read.command() instanceof Command.GetChildren ? tree.lastChildWriter(path) : tree.lastWriter(path);
        addIfKnown(witness, writer);
        String context = "";
        if (writer != null && writer >= 0) {
            Op w = history.ops().get(writer);
            context = "; the tree there is the work of #" + writer + describeSession(history, writer)
                    + (w.session() == read.session() ? " (the reading session's own write)" : "")
                    + (w.outcome() instanceof Outcome.Ok ? ", an acknowledged write the read does not reflect" : "");
        }
        int source = writerOfReturnedData(history, op);
        if (source >= 0) {
            witness.add(source);
        }
        String text = "#" + op + " " + read.command().describe() + " returned " + read.outcome()
                + ", but at zxid " + Zxids.format(read.zxid()) + " the tree gives " + expected + context;
        return new CheckResult.Violation(Rule.READ_RESULT, text, Witness.of(history, witness.toArray(Integer[]::new)));
    }

    private static String describeSession(History history, int op) {
        return " (session 0x" + Long.toHexString(history.ops().get(op).session()) + ")";
    }

    private static void addIfKnown(List<Integer> witness, Integer op) {
        if (op != null && op >= 0) {
            witness.add(op);
        }
    }

    /** Another op whose reply says it created this path, or -1. */
    private static int otherCreator(History history, int op, String path) {
        for (int i = 0; i < history.ops().size(); i++) {
            if (i != op && history.ops().get(i).outcome() instanceof Outcome.Ok ok
                    && ok.result() instanceof Result.Created c && c.path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    /** The write that put the data a getData returned (the stale value's origin), or -1. */
    private static int writerOfReturnedData(History history, int op) {
        Op read = history.ops().get(op);
        if (!(read.command() instanceof Command.GetData get) || !(read.outcome() instanceof Outcome.Ok ok)
                || !(ok.result() instanceof Result.Data data)) {
            return -1;
        }
        for (int i = 0; i < history.ops().size(); i++) {
            Command c = history.ops().get(i).command();
            if ((c instanceof Command.SetData s && s.path().equals(get.path()) && s.data().equals(data.data()))
                    || (c instanceof Command.Create cr && cr.path().equals(get.path()) && cr.data().equals(data.data()))) {
                return i;
            }
        }
        return -1;
    }
}
