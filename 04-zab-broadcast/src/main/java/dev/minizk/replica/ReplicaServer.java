package dev.minizk.replica;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.RequestPipeline;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ServerContext;
import dev.minizk.session.Session;
import dev.minizk.sim.TimerTag;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.watch.WatchManager;
import dev.minizk.zab.ReplicatedState;

import java.util.List;

/**
 * An ensemble's server as its clients see it: stage 02's {@link RequestPipeline} on top of a
 * {@link Replica}, with a {@link ZabSequencer} in the seam. It is the standalone server with
 * another sequencer, plus one rule: it takes clients only while it serves (an established
 * leader, or a learner up to date with one). While it looks for a leader it has closed every
 * client connection and turns new ones away, so the clients try another server of their
 * connect string, as ZooKeeper's do.
 *
 * <p>{@link ReplicaNode} puts it and its replica on one simulated node.
 */
public final class ReplicaServer implements ClientFacingServer {
    private final RequestPipeline pipeline;
    private final ZabSequencer sequencer;
    private final PipelineState state;
    private ServerContext ctx;

    /**
     * @param config                 the server's settings; its {@code serverId} goes into its session ids
     * @param maxOutstandingRequests this server's bound on its clients' writes and syncs in flight
     * @param ensembleSize           how many servers may forward to a leader (the leader's waiting writes are bounded by all of them)
     */
    ReplicaServer(ServerConfig config, int maxOutstandingRequests, int ensembleSize) {
        this.pipeline = new RequestPipeline(config, new DataTree(), maxOutstandingRequests);
        // Every server forwards at most its bound; twice that leaves room for a learner that reconnects
        // while the leader still holds what it forwarded before.
        this.sequencer = new ZabSequencer(pipeline, config.ttlEnabled(), 2 * (ensembleSize + 1) * maxOutstandingRequests);
        this.state = new PipelineState(pipeline, sequencer::applied);
    }

    /** Puts the server on its replica (built over {@link #state}), once, before either starts. */
    void bind(Replica replica) {
        sequencer.bind(replica);
        replica.serveClients(sequencer);
    }

    /** What Zab replicates into: this server's pipeline. */
    ReplicatedState state() {
        return state;
    }

    ZabSequencer sequencer() {
        return sequencer;
    }

    /** Does the server take clients now? */
    public boolean serving() {
        return sequencer.serving();
    }

    /** Writes and syncs of this server's clients with the sequencer now (flow control's count). */
    public int requestsInFlight() {
        return pipeline.requestsInFlight();
    }

    @Override
    public void start(ServerContext context) {
        this.ctx = context;
        pipeline.start(context, sequencer);
    }

    @Override
    public void onConnect(long connection, String clientAddress, ConnectRequest request) {
        if (!sequencer.serving()) {
            ctx.close(connection); // no answer: the client tries the next server
            return;
        }
        pipeline.onConnect(connection, clientAddress, request);
    }

    @Override
    public void onRequest(long connection, int xid, Request request) {
        pipeline.onRequest(connection, xid, request);
    }

    @Override
    public void onDisconnect(long connection) {
        pipeline.onDisconnect(connection);
    }

    @Override
    public void onTimer(TimerTag tag) {
        pipeline.onTimer(tag);
    }

    // ------------------------------------------------------------------ what the status page shows

    @Override
    public ServerConfig config() {
        return pipeline.config();
    }

    @Override
    public DataTree tree() {
        return pipeline.tree();
    }

    @Override
    public long lastZxid() {
        return pipeline.lastZxid();
    }

    @Override
    public List<Session> sessions() {
        return pipeline.sessions();
    }

    @Override
    public WatchManager watches() {
        return pipeline.watches();
    }

    @Override
    public int connectionCount() {
        return pipeline.connectionCount();
    }

    @Override
    public List<LoggedTxn> recentTxns() {
        return pipeline.recentTxns();
    }
}
