package dev.minizk.ensemble;

import dev.minizk.net.QuorumMember;
import dev.minizk.net.ServerLoop;
import dev.minizk.peer.PeerLinks;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.recovery.DiskPersistence;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.replica.ReplicaNode;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ServerContext;
import dev.minizk.session.Session;
import dev.minizk.sim.LinkEnd;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;
import dev.minizk.simclient.ClientRequest;
import dev.minizk.storage.FileStorage;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.watch.WatchManager;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Stage 04/05's {@link ReplicaNode}, unchanged, driven by the real runtime: the node sees the
 * same {@link NodeContext} it sees in the simulator, implemented with the wall clock (the
 * runtime's timers), TCP ({@link PeerLinks}) and files ({@link FileStorage}); its client links
 * are the runtime's client connections. The runtime drives this class as it drives the
 * standalone server (a {@link ClientFacingServer}), so the client port, the four-letter words
 * and the status page work on both.
 *
 * <p>Every call happens on the loop thread, one at a time, as the simulator calls a node.
 */
public final class ReplicaDriver implements ClientFacingServer, QuorumMember, PeerLinks.Receiver, FileStorage.SyncListener {
    private static final Logger log = LoggerFactory.getLogger(ReplicaDriver.class);
    /** Trace lines kept for the status page's timeline. */
    private static final int TRACE_LINES = 200;

    /** A trace line of the node, with the wall-clock time it was written. */
    public record TraceLine(long time, String text) {
    }

    private final int myId;
    private final ReplicaNode node;
    private final ReplicaMetrics metrics;
    private final DiskPersistence persistence;
    private final Map<Long, ClientLink> clientLinks = new HashMap<>();
    private final ArrayDeque<TraceLine> traces = new ArrayDeque<>();
    private ServerLoop loop;
    private PeerLinks peers;
    private FileStorage storage;
    private ServerContext ctx;

    /**
     * {@code metrics} must be the node's {@link dev.minizk.zab.ZabEvents}, {@code persistence} its
     * persistence (null for a standalone server, whose data stays in memory).
     */
    public ReplicaDriver(int myId, ReplicaNode node, ReplicaMetrics metrics, DiskPersistence persistence) {
        this.myId = myId;
        this.node = node;
        this.metrics = metrics;
        this.persistence = persistence;
    }

    /** Before the loop starts: where messages go and where the disk is. */
    void attach(ServerLoop serverLoop, PeerLinks peerLinks, FileStorage files) {
        this.loop = serverLoop;
        this.peers = peerLinks;
        this.storage = files;
    }

    /** Before the loop starts, for a standalone server: no peers, no files (its data is in memory). */
    void attachAlone(ServerLoop serverLoop) {
        this.loop = serverLoop;
    }

    /** A standalone server: a replica alone in its quorum, with no peer links. */
    @Override
    public boolean standalone() {
        return peers == null;
    }

    public ReplicaNode node() {
        return node;
    }

    /** The links to the other members; null on a standalone server. */
    public PeerLinks peers() {
        return peers;
    }

    /** The files; null on a standalone server. */
    public FileStorage storage() {
        return storage;
    }

    /** Txns applied, commit latency, role changes (loop thread). */
    public ReplicaMetrics metrics() {
        return metrics;
    }

    /** The node's log and snapshots (loop thread): txns per sync batch; null on a standalone server. */
    public DiskPersistence persistence() {
        return persistence;
    }

    /** The node's recent trace lines, oldest first (loop thread). */
    public List<TraceLine> traces() {
        return List.copyOf(traces);
    }

    // ------------------------------------------------------------------ the runtime's events

    @Override
    public void start(ServerContext context) {
        this.ctx = context;
        node.start(new RealNodeContext());
    }

    @Override
    public void onConnect(long connection, String clientAddress, ConnectRequest request) {
        ClientLink link = new ClientLink(connection, clientAddress);
        clientLinks.put(connection, link);
        node.onLinkOpened(link, request);
    }

    @Override
    public void onRequest(long connection, int xid, Request request) {
        ClientLink link = clientLinks.get(connection);
        if (link != null) {
            node.onLinkMessage(link, new ClientRequest(xid, request));
        }
    }

    @Override
    public void onDisconnect(long connection) {
        ClientLink link = clientLinks.remove(connection);
        if (link != null) { // null: the node closed it itself, and a node is not told of its own close
            node.onLinkClosed(link);
        }
    }

    @Override
    public void onTimer(TimerTag tag) {
        node.onTimer(tag);
    }

    @Override
    public void onPeerMessage(int from, PeerMessage message) {
        node.onMessage(from, message);
    }

    @Override
    public void onPeerLinkBroken(int peer) {
        node.onPeerLinkBroken(peer);
    }

    @Override
    public void synced(List<SyncId> syncs) {
        for (SyncId sync : syncs) {
            try {
                node.onSyncCompleted(sync);
            } catch (RuntimeException e) {
                loop.fail("the server threw when sync " + sync.value() + " completed", e);
                return;
            }
        }
    }

    @Override
    public void failed(IOException error) {
        loop.fail("an fsync failed; the disk cannot be trusted", error);
    }

    // ------------------------------------------------------------------ the four-letter words' view of the quorum

    @Override
    public String mode() {
        Role role = node.replica().role();
        if (role instanceof Leader leader) {
            return !leader.isEstablished() ? null : standalone() ? "standalone" : "leader";
        }
        if (role instanceof Learner learner && learner.isServing()) {
            return role.name().equals("OBSERVING") ? "observer" : "follower";
        }
        return null;
    }

    @Override
    public Map<String, Object> quorumMetrics() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (standalone()) {
            return metrics; // ZooKeeper's standalone mntr has no quorum lines
        }
        Role role = node.replica().role();
        metrics.put("zk_peer_state", role.name().toLowerCase() + (mode() == null ? "" : " - broadcast"));
        metrics.put("zk_quorum_size", node.replica().verifier().voters().size());
        if (role instanceof Leader leader) {
            Map<Integer, String> learners = leader.learners();
            long synced = learners.entrySet().stream().filter(e -> e.getValue().equals("SERVING")).count();
            long syncedObservers = learners.entrySet().stream()
                    .filter(e -> e.getValue().equals("SERVING") && node.replica().verifier().isObserver(e.getKey())).count();
            metrics.put("zk_learners", learners.size());
            metrics.put("zk_synced_followers", synced - syncedObservers);
            metrics.put("zk_synced_non_voting_followers", 0);
            metrics.put("zk_synced_observers", syncedObservers);
            metrics.put("zk_outstanding_proposals", leader.outstandingProposals());
        }
        return metrics;
    }

    // ------------------------------------------------------------------ what the status page shows

    @Override
    public ServerConfig config() {
        return node.server().config();
    }

    @Override
    public DataTree tree() {
        return node.server().tree();
    }

    @Override
    public long lastZxid() {
        return node.server().lastZxid();
    }

    @Override
    public List<Session> sessions() {
        return node.server().sessions();
    }

    @Override
    public WatchManager watches() {
        return node.server().watches();
    }

    @Override
    public int connectionCount() {
        return node.server().connectionCount();
    }

    @Override
    public List<LoggedTxn> recentTxns() {
        return node.server().recentTxns();
    }

    // ------------------------------------------------------------------ the node's window on the world

    /** A client connection as the node's client links see it. */
    private final class ClientLink implements LinkEnd {
        private final long connection;
        private final String address;

        ClientLink(long connection, String address) {
            this.connection = connection;
            this.address = address;
        }

        @Override
        public String remoteAddress() {
            return address; // what ip ACLs check, as on the standalone server
        }

        @Override
        public long linkId() {
            return connection;
        }

        @Override
        public void send(Object message) {
            ctx.send(connection, (ServerMessage) message);
        }

        @Override
        public void close() {
            clientLinks.remove(connection);
            ctx.close(connection);
        }
    }

    private final class RealNodeContext implements NodeContext<PeerMessage> {
        private final Random random = new Random();

        @Override
        public int id() {
            return myId;
        }

        @Override
        public long now() {
            return ctx.now();
        }

        @Override
        public void send(int to, PeerMessage message) {
            if (peers == null) {
                throw new IllegalStateException("a standalone server has no peers, yet it sent " + message + " to " + to);
            }
            peers.send(to, message);
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            return ctx.setTimer(delayMillis, tag);
        }

        @Override
        public void cancelTimer(TimerId timer) {
            ctx.cancelTimer(timer);
        }

        @Override
        public Storage storage() {
            if (storage == null) {
                throw new IllegalStateException("a standalone server keeps its data in memory: it has no storage");
            }
            return storage;
        }

        @Override
        public Random random() {
            return random;
        }

        @Override
        public void trace(String what) {
            log.debug("server {}: {}", myId, what);
            if (traces.size() == TRACE_LINES) {
                traces.pollFirst();
            }
            traces.addLast(new TraceLine(ctx.now(), what));
        }
    }
}
