package dev.minizk.server;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.session.Session;
import dev.minizk.sim.TimerTag;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.SessionTable;
import dev.minizk.watch.WatchManager;

import java.util.List;

/**
 * A standalone ZooKeeper-style server: the {@link RequestPipeline} that serves its clients, with
 * a {@link LocalSequencer} that orders its writes: it is its own quorum, so every write is
 * prepped, given the next zxid and committed at once. Epoch 0, as a standalone ZooKeeper: its
 * zxids are 0x1, 0x2, …
 *
 * <p>An ensemble's replica (stage 04) is the same pipeline with another sequencer: the leader's
 * proposes and waits for a quorum, a follower's forwards to the leader.
 */
public final class StandaloneServer implements ClientFacingServer {
    /** A standalone server never changes leader: its epoch stays 0. */
    public static final long EPOCH = 0;

    private final DataTree tree;
    private final RequestPipeline pipeline;
    private final WritePrep prep;

    public StandaloneServer(ServerConfig config) {
        this(config, new DataTree());
    }

    /** A server over an existing tree (restored from a snapshot, say). */
    public StandaloneServer(ServerConfig config, DataTree tree) {
        this.tree = tree;
        this.pipeline = new RequestPipeline(config, tree);
        this.prep = new WritePrep(tree, config.ttlEnabled());
    }

    @Override
    public void start(ServerContext context) {
        pipeline.start(context, new LocalSequencer(prep, pipeline, context::now, EPOCH, tree.lastProcessedZxid()));
    }

    @Override
    public void onConnect(long connection, String clientAddress, ConnectRequest request) {
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
        return tree;
    }

    @Override
    public long lastZxid() {
        return pipeline.lastZxid();
    }

    @Override
    public List<Session> sessions() {
        return pipeline.sessions();
    }

    /** The sessions as replicated state (id → timeout), as every replica holds them. */
    public SessionTable sessionTable() {
        return pipeline.sessionTable();
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
