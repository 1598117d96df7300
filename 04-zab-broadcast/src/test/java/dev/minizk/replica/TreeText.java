package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.txn.Zxid;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * A server's tree written out node by node in path order (data, Stat, ACL), then its sessions:
 * equal text, equal trees. (A snapshot's bytes are no such fingerprint: a restored tree may list
 * its nodes in another order.)
 */
final class TreeText {
    private TreeText() {
    }

    /** {@code sessions}: the session table as text that does not depend on the order it was built in. */
    static String of(DataTree tree, String sessions) {
        StringBuilder text = new StringBuilder("last ").append(Zxid.format(tree.lastProcessedZxid())).append('\n');
        for (String path : new TreeSet<>(tree.paths())) {
            byte[] data = tree.getData(path);
            text.append(path).append(' ').append(data == null ? "null" : new String(data, StandardCharsets.UTF_8))
                    .append(' ').append(tree.stat(path)).append(' ').append(tree.getAcl(path)).append('\n');
        }
        return text.append("sessions ").append(sessions).append('\n').toString();
    }
}
