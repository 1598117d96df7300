package dev.minizk.recovery;

import dev.minizk.replica.TreeState;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.Zxid;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.TreeSet;

/** A state written out node by node in path order (data, Stat, ACL), then the sessions: equal text, equal states. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(TreeState state) {
        DataTree tree = state.tree();
        StringBuilder text = new StringBuilder("last ").append(Zxid.format(tree.lastProcessedZxid())).append('\n');
        for (String path : new TreeSet<>(tree.paths())) {
            byte[] data = tree.getData(path);
            text.append(path).append(' ').append(data == null ? "null" : new String(data, StandardCharsets.UTF_8))
                    .append(' ').append(tree.stat(path)).append(' ').append(tree.getAcl(path)).append('\n');
        }
        return text.append("sessions ").append(new TreeMap<>(state.sessions().asMap())).append('\n').toString();
    }
}
