package dev.minizk.server;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.session.Session;
import dev.minizk.sim.TimerTag;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.watch.WatchManager;

import java.util.List;

/**
 * A server as its clients and its runtime see it: a deterministic state machine that events
 * come into (a client connected, sent a request, went away; a timer fired) and that acts only
 * through its {@link ServerContext}. The standalone server is one; an ensemble's replica
 * (stage 04) is another, so a runtime (the in-process network, the final system's event loop)
 * drives either without knowing which.
 */
public interface ClientFacingServer {

    /** Called once by the runtime before any other event. */
    void start(ServerContext context);

    /**
     * A client opened a connection and sent its {@link ConnectRequest}: a session id of 0 asks
     * for a new session, any other id asks to resume that one.
     */
    void onConnect(long connection, String clientAddress, ConnectRequest request);

    /** A request arrived on a connection; answers go out in request order. */
    void onRequest(long connection, int xid, Request request);

    /** The client's connection is gone. Its watches go with it; its session lives until it expires. */
    void onDisconnect(long connection);

    /** A timer set through {@link ServerContext#setTimer} fired. */
    void onTimer(TimerTag tag);

    // ------------------------------------------------------------------ what the status page shows

    ServerConfig config();

    DataTree tree();

    /** The zxid of the last txn applied. */
    long lastZxid();

    List<Session> sessions();

    WatchManager watches();

    int connectionCount();

    /** The last few txns applied, oldest first. */
    List<LoggedTxn> recentTxns();
}
