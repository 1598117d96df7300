package dev.minizk.status;

import dev.minizk.net.QuorumMember;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerConfig;
import dev.minizk.session.Session;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.EphemeralOwner;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Znode;
import dev.minizk.tree.ZnodePath;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The reads behind the JSON API. Each method runs <em>on the server's event-loop thread</em>
 * (passed to {@code runtime.submit}) and returns immutable views, so nothing the loop owns
 * escapes to an HTTP thread. Checking a path and reading its node happen in the same call, so
 * a node cannot vanish between the two.
 */
final class StatusQueries {
    /** The role of a server that is not a member of an ensemble. */
    static final String STANDALONE = "standalone";
    /** How much of a node's data the API returns: enough to read, small enough to render (ZooKeeper allows 1 MB). */
    static final int DATA_SHOWN = 16 * 1024;
    /** How many ephemeral paths a session row lists (the count is always exact). */
    static final int EPHEMERALS_SHOWN = 20;
    /** What {@link ZnodePath#validate} puts before its reason. */
    private static final String INVALID_PATH = "invalid path: ";

    private StatusQueries() {
    }

    static StatusView status(ClientFacingServer server, String connectString, long startedAt, long now,
                             long internalErrors) {
        long zxid = server.lastZxid();
        ServerConfig config = server.config();
        WatchCounts watches = new WatchCounts(server.watches().watchCount(), server.watches().watchedPathCount(),
                server.watches().watcherCount());
        String role = server instanceof QuorumMember member ? (member.mode() == null ? "looking" : member.mode()) : STANDALONE;
        return new StatusView(role, config.serverId(), Hex.id(zxid), Zxid.epochOf(zxid),
                Zxid.counterOf(zxid), startedAt, Math.max(0, now - startedAt), server.tree().nodeCount(),
                server.sessions().size(), watches, server.connectionCount(), connectString, config.tickTime(),
                config.minSessionTimeout(), config.maxSessionTimeout(), internalErrors);
    }

    /** Live sessions, by id. */
    static List<SessionView> sessions(ClientFacingServer server) {
        List<SessionView> out = new ArrayList<>();
        server.sessions().stream().sorted(Comparator.comparingLong(Session::id)).forEach(s -> {
            Set<String> ephemerals = server.tree().ephemerals(s.id());
            out.add(new SessionView(Hex.id(s.id()), s.timeout(), ephemerals.size(),
                    ephemerals.stream().limit(EPHEMERALS_SHOWN).toList()));
        });
        return out;
    }

    /** The last txns the server applied, newest first (the page reads top-down). */
    static List<TxnView> recentTxns(ClientFacingServer server) {
        List<LoggedTxn> txns = server.recentTxns();
        List<TxnView> out = new ArrayList<>(txns.size());
        for (int i = txns.size() - 1; i >= 0; i--) {
            out.add(TxnDescriptions.describe(txns.get(i)));
        }
        return out;
    }

    /** One node in full; 400 for a bad path, 404 when there is no node there. */
    static NodeView node(ClientFacingServer server, String path) {
        Znode node = existing(server.tree(), path);
        long owner = node.ephemeralOwner();
        String ephemeralOwner = kind(owner).equals("ephemeral") ? Hex.id(owner) : null;
        Long ttl = EphemeralOwner.isTtl(owner) ? EphemeralOwner.ttlOf(owner) : null;
        return new NodeView(path, path.equals(ZnodePath.ROOT) ? ZnodePath.ROOT : ZnodePath.name(path), kind(owner),
                ttl, ephemeralOwner, StatView.of(node.stat()), data(node),
                node.acl().stream().map(AclView::of).toList());
    }

    /** The first {@code limit} children of a node by name, with enough of each to draw its row. */
    static ChildrenView children(ClientFacingServer server, String path, int limit) {
        DataTree tree = server.tree();
        Znode parent = existing(tree, path);
        List<String> names = new ArrayList<>(parent.children());
        names.sort(null);
        List<ChildView> rows = new ArrayList<>(Math.min(limit, names.size()));
        for (String name : names.subList(0, Math.min(limit, names.size()))) {
            String childPath = ZnodePath.child(path, name);
            Znode child = tree.node(childPath);
            rows.add(new ChildView(name, childPath, kind(child.ephemeralOwner()), child.childCount(),
                    child.hasNullData() ? 0 : child.data().length));
        }
        return new ChildrenView(path, names.size(), names.size() > limit, rows);
    }

    /** Checks the path with ZooKeeper's own rules, then finds the node. */
    static Znode existing(DataTree tree, String path) {
        try {
            ZnodePath.validate(path);
        } catch (KeeperException e) {
            // ZooKeeper's reason ("path must not end with / character") without the error-code prefix
            String reason = e.getMessage();
            int at = reason.indexOf(INVALID_PATH);
            reason = at >= 0 ? reason.substring(at + INVALID_PATH.length()) : reason;
            throw ApiException.badParameter("path", "'" + path + "' is not a valid znode path: " + reason);
        }
        Znode node = tree.node(path);
        if (node == null) {
            throw ApiException.noNode(path);
        }
        return node;
    }

    static String kind(long ephemeralOwner) {
        if (ephemeralOwner == EphemeralOwner.NONE) return "persistent";
        if (EphemeralOwner.isContainer(ephemeralOwner)) return "container";
        if (EphemeralOwner.isTtl(ephemeralOwner)) return "ttl";
        return "ephemeral";
    }

    private static DataView data(Znode node) {
        if (node.hasNullData()) {
            return new DataView(0, true, 0, "", "", true);
        }
        byte[] data = node.data();
        int shown = Math.min(data.length, DATA_SHOWN);
        String text = utf8(data, shown, shown < data.length);
        return new DataView(data.length, false, shown, Hex.bytes(data, shown), text, text != null && isPrintable(text));
    }

    /**
     * The first {@code length} bytes as UTF-8, or null when they are not UTF-8. When the data
     * was cut, the cut may split a character, so up to 3 trailing bytes may be dropped.
     */
    private static String utf8(byte[] data, int length, boolean cut) {
        for (int drop = 0; drop <= (cut ? 3 : 0) && drop <= length; drop++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, 0, length - drop)).toString();
            } catch (CharacterCodingException e) {
                // try one byte shorter, or give up: the data is binary
            }
        }
        return null;
    }

    private static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
