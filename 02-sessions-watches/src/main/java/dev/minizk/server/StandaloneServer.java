package dev.minizk.server;

import dev.minizk.acl.AclEnforcer;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage.Connected;
import dev.minizk.proto.ServerMessage.Notification;
import dev.minizk.proto.ServerMessage.Reply;
import dev.minizk.proto.Xid;
import dev.minizk.session.Session;
import dev.minizk.session.SessionTracker;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.txn.AccessPolicy;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Op;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnBuilder;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;
import dev.minizk.watch.Delivery;
import dev.minizk.watch.WatchManager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone ZooKeeper-style server as a deterministic state machine. Events come in
 * through {@code on…} methods (a client connected, sent a request, went away; a timer
 * fired); everything the server does goes out through its {@link ServerContext}.
 *
 * <p>The write path is ZooKeeper's, in one thread: prep the request into a txn (stage 01's
 * {@link TxnBuilder}, with this connection's ACL checks), give it the next zxid, apply it
 * ({@link TxnProcessor}), send the watch notifications it triggers, then the reply. Because
 * the notifications go out first, a client never sees a reply that reflects a state whose
 * events it has not been told about. Reads are answered from the tree at once.
 */
public final class StandaloneServer {
    private static final int RECENT_TXNS = 64;

    private final ServerConfig config;
    private final DataTree tree;
    private final TxnBuilder builder;
    private final TxnProcessor processor;
    private final WatchManager watches = new WatchManager();
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Long, Long> connectionOfSession = new HashMap<>();
    private final Deque<LoggedTxn> recentTxns = new ArrayDeque<>();
    private ReadRequests reads;
    private SessionTracker sessions;
    private ServerContext ctx;

    public StandaloneServer(ServerConfig config) {
        this(config, new DataTree());
    }

    /** A server over an existing tree (restored from a snapshot, say). */
    public StandaloneServer(ServerConfig config, DataTree tree) {
        this.config = config;
        this.tree = tree;
        this.builder = new TxnBuilder(tree, config.ttlEnabled());
        this.processor = new TxnProcessor(tree);
    }

    /** Called once by the runtime before any other event. */
    public void start(ServerContext context) {
        this.ctx = context;
        long now = context.now();
        this.sessions = new SessionTracker(config.serverId(), config.tickTime(),
                config.minSessionTimeout(), config.maxSessionTimeout(), now);
        this.reads = new ReadRequests(tree, watches);
        context.setTimer(sessions.nextExpiryCheck(now) - now, ServerTimer.SESSION_EXPIRY);
        context.setTimer(config.containerCheckInterval(), ServerTimer.CONTAINER_REAPER);
    }

    // ------------------------------------------------------------------ connections

    /**
     * A client opened a connection and sent its {@link ConnectRequest}: a session id of 0
     * asks for a new session, any other id asks to resume that one.
     *
     * <p>Hint (02.7): first, a client that has seen a zxid this server has not reached must
     * go elsewhere (it would see time run backwards): close the connection without a reply.
     */
    public void onConnect(long connection, String clientAddress, ConnectRequest request) {
        // BEGIN SOLUTION 02.7
        if (request.lastZxidSeen() > tree.lastProcessedZxid()) {
            ctx.close(connection);
            return;
        }
        // STUB: // TODO 02.7: turn away a client that has seen a newer zxid than this server
        // END SOLUTION
        Connection client = new Connection(connection, clientAddress);
        connections.put(connection, client);
        if (request.sessionId() == 0) {
            startSession(client, request.timeout());
        } else {
            resumeSession(client, request);
        }
    }

    /** A new session is a write like any other: a createSession txn, with its own zxid. */
    private void startSession(Connection client, int requestedTimeout) {
        int timeout = sessions.negotiateTimeout(requestedTimeout);
        long sessionId = sessions.nextSessionId();
        commit(nextHeader(sessionId, 0), new Txn.CreateSession(timeout));
        attach(client, sessions.addSession(sessionId, timeout, ctx.now()));
    }

    /**
     * A client wants its session back, on a new connection.
     *
     * <p>Hint (02.7): the password must match and the session must still be alive (touch
     * it). Then it moves to this connection ({@link #attach}). Otherwise answer with the
     * "invalid session" response (timeout 0: the client's handle is dead) and close.
     */
    private void resumeSession(Connection client, ConnectRequest request) {
        // BEGIN SOLUTION 02.7
        if (sessions.checkPassword(request.sessionId(), request.password())
                && sessions.touch(request.sessionId(), ctx.now())) {
            attach(client, sessions.session(request.sessionId()).orElseThrow());
        } else {
            ctx.send(client.id(), new Connected(ConnectResponse.invalidSession()));
            closeConnection(client.id());
        }
        // STUB: closeConnection(client.id()); // TODO 02.7: resume the session, or answer "invalid session"
        // END SOLUTION
    }

    private void attach(Connection client, Session session) {
        Long previous = connectionOfSession.put(session.id(), client.id());
        if (previous != null && previous != client.id()) {
            closeConnection(previous); // the session moved; the stale connection must not linger
        }
        client.attach(session.id());
        ctx.send(client.id(), new Connected(new ConnectResponse(0, session.timeout(), session.id(), session.password(), false)));
    }

    /** The client's connection is gone. Its watches go with it; its session lives until it expires. */
    public void onDisconnect(long connection) {
        Connection client = connections.remove(connection);
        if (client != null) {
            watches.removeWatcher(connection);
            connectionOfSession.remove(client.sessionId(), connection);
        }
    }

    private void closeConnection(long connection) {
        onDisconnect(connection);
        ctx.close(connection);
    }

    // ------------------------------------------------------------------ requests

    /** A request arrived on a connection that has a session. Replies go out in request order. */
    public void onRequest(long connection, int xid, Request request) {
        Connection client = connections.get(connection);
        if (client == null || !client.hasSession()) {
            return; // a request before the handshake: the runtime closes such connections
        }
        if (request instanceof Request.Auth auth) {
            authenticate(client, auth);
            return;
        }
        if (!sessions.touch(client.sessionId(), ctx.now())) {
            reply(client, xid, ErrorCode.SESSIONEXPIRED, null);
            closeConnection(connection);
            return;
        }
        if (request instanceof Request.Unsupported) {
            // ZooKeeper answers an op it does not know with UNIMPLEMENTED and zxid -1.
            ctx.send(connection, new Reply(xid, -1, ErrorCode.UNIMPLEMENTED, null));
        } else if (request instanceof Request.CloseSession) {
            closeSession(client, xid);
        } else if (RequestOps.isWrite(request)) {
            write(client, xid, request);
        } else if (request instanceof Request.SetWatches setWatches) {
            for (var event : watches.setWatches(connection, setWatches, tree)) {
                ctx.send(connection, new Notification(event, -1));
            }
            reply(client, xid, ErrorCode.OK, new Response.Empty());
        } else {
            read(client, xid, request);
        }
    }

    /**
     * A write: prep, zxid, apply, notify, reply.
     *
     * <p>Hint (02.6): a request that cannot even be translated into an op still takes a zxid
     * (as an error txn). Prep with an {@link AclEnforcer} for this connection. Watch
     * notifications for the applied txn go out <em>before</em> the reply. A multi always
     * replies OK in the header, with the outcome in its results ({@link WriteReplies#multi}).
     */
    private void write(Connection client, int xid, Request request) {
        // BEGIN SOLUTION 02.6
        TxnHeader header = nextHeader(client.sessionId(), xid);
        Txn txn;
        int badOp = -1;
        ErrorCode badCode = ErrorCode.OK;
        try {
            txn = builder.prepare(header, RequestOps.toOp(request), new AclEnforcer(client.auth()));
        } catch (KeeperException e) {
            txn = new Txn.Error(e.code());
            badCode = e.code();
            badOp = request instanceof Request.Multi multi ? RequestOps.firstUntranslatable(multi) : -1;
        }
        TxnResult result = commit(header, txn);
        notifyWatchers(result);
        if (request instanceof Request.Multi multi) {
            Response body = txn instanceof Txn.Multi
                    ? WriteReplies.multi(multi, result)
                    : WriteReplies.failedMulti(multi.ops().size(), badOp, badCode);
            reply(client, xid, ErrorCode.OK, body);
        } else if (result.isOk()) {
            reply(client, xid, ErrorCode.OK, WriteReplies.body(request, result));
        } else {
            reply(client, xid, result.err(), null);
        }
        // END SOLUTION
    }

    private void read(Connection client, int xid, Request request) {
        try {
            reply(client, xid, ErrorCode.OK, reads.answer(client, request));
        } catch (KeeperException e) {
            reply(client, xid, e.code(), null);
        }
    }

    /**
     * Adds an identity to the connection. ZooKeeper answers on the auth xid with zxid 0; an
     * unknown scheme is AUTHFAILED and the connection is closed.
     */
    private void authenticate(Connection client, Request.Auth auth) {
        ErrorCode result = client.auth().authenticate(auth.scheme(), auth.auth(), config.superDigest());
        ctx.send(client.id(), new Reply(Xid.AUTH, 0, result, result == ErrorCode.OK ? new Response.Empty() : null));
        if (result != ErrorCode.OK) {
            closeConnection(client.id());
        }
    }

    private void reply(Connection client, int xid, ErrorCode err, Response body) {
        ctx.send(client.id(), new Reply(xid, tree.lastProcessedZxid(), err, body));
    }

    // ------------------------------------------------------------------ session ends

    /** The client closed its session: its ephemerals go in one txn, then the connection. */
    private void closeSession(Connection client, int xid) {
        endSession(client.sessionId());
        reply(client, xid, ErrorCode.OK, new Response.Empty());
        closeConnection(client.id());
    }

    /**
     * A timer fired.
     *
     * <p>Hint (02.7): on SESSION_EXPIRY, end every session the tracker says is due (its
     * connection, if any, closes) and set the timer again for the next check. On
     * CONTAINER_REAPER, delete each candidate the tree names with an ordinary delete txn.
     */
    public void onTimer(ServerTimer timer) {
        long now = ctx.now();
        // BEGIN SOLUTION 02.7
        if (timer == ServerTimer.SESSION_EXPIRY) {
            for (long sessionId : sessions.expire(now)) {
                Long connection = connectionOfSession.get(sessionId);
                endSession(sessionId);
                if (connection != null) {
                    closeConnection(connection);
                }
            }
            ctx.setTimer(sessions.nextExpiryCheck(now) - now, ServerTimer.SESSION_EXPIRY);
        } else {
            for (String path : tree.reapCandidates(now, config.maxNeverUsedContainerAge())) {
                TxnHeader header = nextHeader(0, 0);
                notifyWatchers(commit(header, builder.prepare(header, new Op.Delete(path, -1), AccessPolicy.OPEN)));
            }
            ctx.setTimer(config.containerCheckInterval(), ServerTimer.CONTAINER_REAPER);
        }
        // END SOLUTION
    }

    /**
     * A session ends, closed or expired.
     *
     * <p>Hint (02.7): one closeSession txn deletes all its ephemerals (prep lists them), its
     * triggers go to the watchers, and then the tracker forgets the session.
     */
    private void endSession(long sessionId) {
        // BEGIN SOLUTION 02.7
        TxnHeader header = nextHeader(sessionId, 0);
        notifyWatchers(commit(header, builder.closeSession(header)));
        sessions.removeSession(sessionId);
        // END SOLUTION
    }

    // ------------------------------------------------------------------ the write path

    private TxnHeader nextHeader(long sessionId, int xid) {
        return new TxnHeader(sessionId, xid, tree.lastProcessedZxid() + 1, ctx.now());
    }

    private TxnResult commit(TxnHeader header, Txn txn) {
        TxnResult result = processor.apply(header, txn);
        builder.applied(header.zxid());
        recentTxns.addLast(new LoggedTxn(header, txn));
        if (recentTxns.size() > RECENT_TXNS) {
            recentTxns.removeFirst();
        }
        return result;
    }

    private void notifyWatchers(TxnResult result) {
        for (Delivery delivery : watches.triggerAll(result.triggers())) {
            ctx.send(delivery.watcher(), new Notification(delivery.event(), result.zxid()));
        }
    }

    // ------------------------------------------------------------------ what the status page shows

    public DataTree tree() {
        return tree;
    }

    public long lastZxid() {
        return tree.lastProcessedZxid();
    }

    public List<Session> sessions() {
        return sessions.sessions();
    }

    public WatchManager watches() {
        return watches;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** The last few txns applied, oldest first. */
    public List<LoggedTxn> recentTxns() {
        return new ArrayList<>(recentTxns);
    }

    public ServerConfig config() {
        return config;
    }
}
