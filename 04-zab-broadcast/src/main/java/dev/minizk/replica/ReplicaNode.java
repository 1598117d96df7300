package dev.minizk.replica;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.server.RequestPipeline;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ServerTimer;
import dev.minizk.sim.LinkAcceptor;
import dev.minizk.sim.LinkEnd;
import dev.minizk.sim.Node;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerTag;
import dev.minizk.simclient.ServerNode;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabEvents;

/**
 * One server of an ensemble in the simulator, whole: its {@link Replica} on the peer links and
 * its {@link ReplicaServer} on the client links ({@link ServerNode} carries those), one node,
 * one clock. After every event the leader proposes what waits ({@link ZabSequencer#afterEvent}).
 *
 * <pre>
 *   sim.addNode(id, n -&gt; new ReplicaNode(verifier, ZabConfig.simulated(), ServerConfig.withTick(100).withServerId(n), events));
 *   new SimulatedClient(sim, sim.addClient("c1"), List.of(1, 2, 3))  // then a ZkClient on it
 * </pre>
 */
public final class ReplicaNode implements Node<PeerMessage>, LinkAcceptor {
    /** The address every simulated client connection has (for ip ACLs). */
    public static final String CLIENT_ADDRESS = "10.0.0.1";

    private final Replica replica;
    private final ReplicaServer server;
    private final ServerNode<PeerMessage> clientLinks;

    public ReplicaNode(QuorumVerifier verifier, ZabConfig zab, ServerConfig config, ZabEvents events) {
        this(verifier, zab, config, events, RequestPipeline.MAX_OUTSTANDING_REQUESTS);
    }

    /** @param maxOutstandingRequests this server's bound on its clients' writes and syncs in flight (flow control) */
    public ReplicaNode(QuorumVerifier verifier, ZabConfig zab, ServerConfig config, ZabEvents events, int maxOutstandingRequests) {
        this(verifier, zab, config, events, maxOutstandingRequests, Persistence.inMemory());
    }

    /**
     * The same server keeping what it must across crashes in {@code persistence} (stage 05's
     * disk; the final system's real files).
     */
    public ReplicaNode(QuorumVerifier verifier, ZabConfig zab, ServerConfig config, ZabEvents events, int maxOutstandingRequests,
                       Persistence persistence) {
        this.server = new ReplicaServer(config, maxOutstandingRequests, verifier.members().size());
        this.replica = new Replica(verifier, zab, server.state(), events, persistence);
        server.bind(replica);
        this.clientLinks = new ServerNode<>(server, CLIENT_ADDRESS);
    }

    public Replica replica() {
        return replica;
    }

    public ReplicaServer server() {
        return server;
    }

    /** The client links' side, for tests that look at a session's connections. */
    public ServerNode<PeerMessage> clientLinks() {
        return clientLinks;
    }

    @Override
    public void start(NodeContext<PeerMessage> context) {
        clientLinks.start(context); // the pipeline first: the replica's recovery may restore into it
        replica.start(context);
        server.sequencer().afterEvent();
    }

    @Override
    public void onMessage(int from, PeerMessage message) {
        replica.onMessage(from, message);
        server.sequencer().afterEvent();
    }

    @Override
    public void onPeerLinkBroken(int peer) {
        replica.onPeerLinkBroken(peer);
        server.sequencer().afterEvent();
    }

    @Override
    public void onTimer(TimerTag tag) {
        if (tag instanceof ServerTimer) {
            clientLinks.onTimer(tag);
        } else {
            replica.onTimer(tag);
        }
        server.sequencer().afterEvent();
    }

    @Override
    public void onSyncCompleted(SyncId sync) {
        replica.onSyncCompleted(sync);
        server.sequencer().afterEvent();
    }

    @Override
    public void onLinkOpened(LinkEnd link, Object hello) {
        clientLinks.onLinkOpened(link, hello);
        server.sequencer().afterEvent();
    }

    @Override
    public void onLinkMessage(LinkEnd link, Object message) {
        clientLinks.onLinkMessage(link, message);
        server.sequencer().afterEvent();
    }

    @Override
    public void onLinkClosed(LinkEnd link) {
        clientLinks.onLinkClosed(link);
        server.sequencer().afterEvent();
    }

    @Override
    public String toString() {
        return replica + (server.serving() ? " serving " + server.connectionCount() + " connections" : " not serving");
    }
}
