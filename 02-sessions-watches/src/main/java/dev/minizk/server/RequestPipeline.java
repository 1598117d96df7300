package dev.minizk.server;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage.Connected;
import dev.minizk.proto.ServerMessage.Notification;
import dev.minizk.proto.ServerMessage.Reply;
import dev.minizk.proto.Xid;
import dev.minizk.server.Connection.Waiting;
import dev.minizk.session.Session;
import dev.minizk.session.SessionTracker;
import dev.minizk.sim.TimerTag;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.SessionTable;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;
import dev.minizk.txn.Zxid;
import dev.minizk.watch.Delivery;
import dev.minizk.watch.WatchManager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one server does for its own clients, whoever orders the writes: connections, auth,
 * session touches and expiry, reads, watches, and the answers. Writes go to a {@link Sequencer}
 * (the seam); committed txns come back through {@link #committed}, in zxid order, and are
 * applied here, on every server.
 *
 * <pre>
 *   client ─▶ onRequest ─┬─ read ──────────────────────────────▶ answer now (or after this session's writes)
 *                        └─ write ─▶ Sequencer.submit ─ ─ ─ ─ ─▶ committed(txn): apply, notify, answer
 *                                    (prep, zxid, [quorum])
 * </pre>
 *
 * A write is answered by the server its client sent it to: the reply is found again by
 * (session, cxid) among the connection's waiting requests. Watch notifications go out before
 * the reply, so a client never sees a reply that reflects a state whose events it has not been
 * told about. A read waits behind its own session's uncommitted writes (ZooKeeper's
 * {@code CommitProcessor}), so a client always reads its own writes.
 */
public final class RequestPipeline implements CommitListener {
    private static final int RECENT_TXNS = 64;
    /** ZooKeeper's default {@code globalOutstandingLimit}. */
    public static final int MAX_OUTSTANDING_REQUESTS = 1_000;

    private final ServerConfig config;
    private DataTree tree;
    private TxnProcessor processor;
    private final Throttle throttle;
    /** Sessions this server's clients touched since {@link #drainTouchedSessions}: a learner tells its leader (ZooKeeper's touch table). */
    private final Set<Long> touched = new TreeSet<>();
    private final WatchManager watches = new WatchManager();
    private final Map<Long, Connection> connections = new HashMap<>();
    private final Map<Long, Long> connectionOfSession = new HashMap<>();
    /** Connections whose new session is submitted and not yet committed, by session id. */
    private final Map<Long, Long> awaitingSession = new HashMap<>();
    private final Deque<LoggedTxn> recentTxns = new ArrayDeque<>();
    private ReadRequests reads;
    private SessionTracker sessions;
    private Sequencer sequencer;
    private ServerContext ctx;

    public RequestPipeline(ServerConfig config, DataTree tree) {
        this(config, tree, MAX_OUTSTANDING_REQUESTS);
    }

    /** @param maxOutstandingRequests how many of its clients' writes and syncs this server hands the sequencer at once (see {@link Throttle}) */
    public RequestPipeline(ServerConfig config, DataTree tree, int maxOutstandingRequests) {
        this.config = config;
        this.tree = tree;
        this.processor = new TxnProcessor(tree, new SessionTable());
        this.throttle = new Throttle(maxOutstandingRequests, this::handOver);
    }

    /** Called once before any other event, with the sequencer that orders this server's writes. */
    public void start(ServerContext context, Sequencer writes) {
        this.ctx = context;
        this.sequencer = writes;
        long now = context.now();
        this.sessions = newSessionTracker(now);
        this.reads = new ReadRequests(tree, watches);
        context.setTimer(sessions.nextExpiryCheck(now) - now, ServerTimer.SESSION_EXPIRY);
        context.setTimer(config.containerCheckInterval(), ServerTimer.CONTAINER_REAPER);
    }

    // ------------------------------------------------------------------ connections

    /**
     * See {@link ClientFacingServer#onConnect}.
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

    /** A new session is a write like any other: a createSession txn; the client is answered when it commits. */
    private void startSession(Connection client, int requestedTimeout) {
        int timeout = sessions.negotiateTimeout(requestedTimeout);
        long sessionId = sessions.nextSessionId();
        awaitingSession.put(sessionId, client.id());
        sequencer.submit(new WriteRequest(sessionId, 0, new Request.CreateSession(timeout), client.auth().ids()));
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
        noteTouched(session.id());
        ctx.send(client.id(), new Connected(new ConnectResponse(0, session.timeout(), session.id(), session.password(), false)));
    }

    /** See {@link ClientFacingServer#onDisconnect}. Requests still waiting go unanswered. */
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

    /**
     * A request arrived on a connection that has a session. Writes go to the sequencer; any
     * other request is answered at once, unless a write of this connection still waits for its
     * commit: then it waits too, so answers go out in request order.
     */
    public void onRequest(long connection, int xid, Request request) {
        Connection client = connections.get(connection);
        if (client == null || !client.hasSession()) {
            return; // a request before the handshake: the runtime closes such connections
        }
        if (request instanceof Request.Auth auth) {
            authenticate(client, auth); // the connection's own business, answered at once as in ZooKeeper
            return;
        }
        if (!sessions.touch(client.sessionId(), ctx.now())) {
            reply(client, xid, ErrorCode.SESSIONEXPIRED, null);
            closeConnection(connection);
            return;
        }
        noteTouched(client.sessionId());
        boolean write = request instanceof Request.CloseSession || request instanceof Request.Sync || RequestOps.isWrite(request);
        if (write || client.hasWaiting()) {
            if (!client.enqueue(new Waiting(xid, request, write))) {
                closeConnection(connection); // a client that never waits for answers: cut it off, as ZooKeeper throttles
                return;
            }
        }
        if (write) {
            if (request instanceof Request.CloseSession) {
                sessions.setClosing(client.sessionId()); // nothing more for this session, as in ZooKeeper
            }
            order(client, new WriteRequest(client.sessionId(), xid, request, client.auth().ids()));
        } else if (!client.hasWaiting()) {
            answer(client, xid, request);
        }
    }

    // ------------------------------------------------------------------ flow control and sync

    /** Hands a client's write or sync to the sequencer, or holds it in its connection while the server has no room. */
    private void order(Connection client, WriteRequest write) {
        throttle.order(client, write);
    }

    /** What {@link Throttle} lets through goes to the sequencer. */
    private void handOver(WriteRequest write) {
        if (write.request() instanceof Request.Sync) {
            sequencer.sync(write.sessionId(), write.cxid(), () -> synced(write.sessionId(), write.cxid()));
        } else {
            sequencer.submit(write);
        }
    }

    /** A write or sync finished: the connections in line may get their turn (those still open). */
    private void finished(long sessionId, int cxid) {
        throttle.finished(sessionId, cxid, client -> connections.get(client.id()) == client);
    }

    /**
     * The sequencer says a sync is through: every write ordered before it is applied here. It
     * is answered in its place among the session's requests, like a write.
     */
    private void synced(long sessionId, int cxid) {
        Long connection = connectionOfSession.get(sessionId);
        Connection client = connection == null ? null : connections.get(connection);
        if (client != null) {
            answerSync(client, cxid);
        }
        finished(sessionId, cxid);
    }

    private void answerSync(Connection client, int cxid) {
        Waiting oldest = client.peekWaiting();
        if (oldest == null || oldest.xid() != cxid || !(oldest.request() instanceof Request.Sync)) {
            throw new IllegalStateException("sync " + cxid + " of session 0x" + Long.toHexString(client.sessionId())
                    + " is through but is not the session's oldest request: " + oldest);
        }
        client.pollWaiting();
        answer(client, cxid, oldest.request());
        answerWaitingReads(client);
    }

    /** Answers a request that changes nothing. Every kind of request is named here or in {@link ReadRequests}. */
    private void answer(Connection client, int xid, Request request) {
        if (request instanceof Request.Unsupported || request instanceof Request.CreateSession) {
            // ZooKeeper answers an op it does not know with UNIMPLEMENTED and zxid -1;
            // createSession comes only from a handshake, never as a request.
            ctx.send(client.id(), new Reply(xid, -1, ErrorCode.UNIMPLEMENTED, null));
        } else if (request instanceof Request.SetWatches setWatches) {
            for (var event : watches.setWatches(client.id(), setWatches, tree)) {
                ctx.send(client.id(), new Notification(event, -1));
            }
            reply(client, xid, ErrorCode.OK, new Response.Empty());
        } else if (request instanceof Request.Auth || request instanceof Request.CloseSession || RequestOps.isWrite(request)) {
            throw new IllegalStateException("not a read: " + request); // handled in onRequest; reaching here is a bug
        } else {
            try {
                reply(client, xid, ErrorCode.OK, reads.answer(client, request));
            } catch (KeeperException e) {
                reply(client, xid, e.code(), null);
            }
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

    // ------------------------------------------------------------------ committed txns

    /**
     * A txn is committed: apply it, then tell this server's clients. Its zxid must be above
     * every zxid applied before: a txn out of order, or twice, would make this server's tree
     * differ from the others', so the server stops rather than serve it.
     */
    @Override
    public void committed(LoggedTxn logged) {
        TxnHeader header = logged.header();
        Txn txn = logged.txn();
        if (header.zxid() <= tree.lastProcessedZxid()) {
            throw new IllegalStateException("txn " + Zxid.format(header.zxid()) + " committed after "
                    + Zxid.format(tree.lastProcessedZxid()) + ": zxids must strictly increase");
        }
        TxnResult result = processor.apply(header, txn);
        remember(logged);
        if (txn instanceof Txn.CreateSession created) {
            sessionCreated(header.sessionId(), created.timeout());
            return;
        }
        Connection client = waitingClient(header);
        announce(client, txn, result);
        if (txn instanceof Txn.CloseSession) {
            sessionClosed(header.sessionId());
        }
        if (client != null && connections.get(client.id()) == client) {
            answerWaitingReads(client); // unless the txn closed the connection
        }
        finished(header.sessionId(), header.cxid()); // last: it may hand over the next held requests
    }

    /**
     * The connection of this server whose oldest waiting request is the write this txn came
     * from, found by (session, cxid); null if the write was not sent here (another server's
     * client, the server's own write) or its connection is gone.
     */
    private Connection waitingClient(TxnHeader header) {
        Long connection = connectionOfSession.get(header.sessionId());
        Connection client = connection == null ? null : connections.get(connection);
        if (client == null) {
            return null;
        }
        Waiting oldest = client.peekWaiting();
        return oldest != null && oldest.write() && oldest.xid() == header.cxid() ? client : null;
    }

    /**
     * Tells this server's clients about an applied txn: the watch notifications it triggers,
     * then, if the write came from {@code client} (null if from nobody here), its reply.
     *
     * <p>Hint (02.6): notifications first ({@link #notifyWatchers}). Then take the client's
     * waiting write ({@link Connection#pollWaiting}) and answer it by the shape of its
     * request: a multi always replies OK in the header, with the outcome in its results
     * ({@link WriteReplies#multi}, or {@link WriteReplies#failedMulti} when prep failed the
     * whole multi: an error txn, failed at the first op {@link RequestOps#firstUntranslatable});
     * a closeSession replies OK with an empty body; any other write its body when the result is
     * OK ({@link WriteReplies#body}), else its error code and no body.
     */
    private void announce(Connection client, Txn txn, TxnResult result) {
        // BEGIN SOLUTION 02.6
        notifyWatchers(result);
        if (client == null) {
            return;
        }
        Waiting write = client.pollWaiting();
        Request request = write.request();
        if (request instanceof Request.Multi multi) {
            Response body = txn instanceof Txn.Error error
                    ? WriteReplies.failedMulti(multi.ops().size(), RequestOps.firstUntranslatable(multi), error.code())
                    : WriteReplies.multi(multi, result);
            reply(client, write.xid(), ErrorCode.OK, body);
        } else if (request instanceof Request.CloseSession) {
            reply(client, write.xid(), ErrorCode.OK, new Response.Empty());
        } else if (result.isOk()) {
            reply(client, write.xid(), ErrorCode.OK, WriteReplies.body(request, result));
        } else {
            reply(client, write.xid(), result.err(), null);
        }
        // STUB: // TODO 02.6: notify the watchers, then answer the client's write
        // END SOLUTION
    }

    /** The requests that waited behind a write that is now answered, up to the next write. */
    private void answerWaitingReads(Connection client) {
        for (Waiting next = client.peekWaiting(); next != null && !next.write(); next = client.peekWaiting()) {
            client.pollWaiting();
            answer(client, next.xid(), next.request());
        }
    }

    private void notifyWatchers(TxnResult result) {
        for (Delivery delivery : watches.triggerAll(result.triggers())) {
            ctx.send(delivery.watcher(), new Notification(delivery.event(), result.zxid()));
        }
    }

    private void remember(LoggedTxn logged) {
        recentTxns.addLast(logged);
        if (recentTxns.size() > RECENT_TXNS) {
            recentTxns.removeFirst();
        }
    }

    // ------------------------------------------------------------------ sessions

    /** A createSession txn was applied: the session is tracked, and if its client waits here, it is told. */
    private void sessionCreated(long sessionId, int timeout) {
        Session session = sessions.addSession(sessionId, timeout, ctx.now());
        Long connection = awaitingSession.remove(sessionId);
        Connection client = connection == null ? null : connections.get(connection);
        if (client != null) {
            attach(client, session);
        }
    }

    /**
     * A closeSession txn was applied (the client asked, or the session expired); its ephemerals
     * are gone and their watchers told.
     *
     * <p>Hint (02.7): the tracker forgets the session, and its connection, if it is on this
     * server, closes.
     */
    private void sessionClosed(long sessionId) {
        // BEGIN SOLUTION 02.7
        sessions.removeSession(sessionId);
        Long connection = connectionOfSession.get(sessionId);
        if (connection != null) {
            closeConnection(connection);
        }
        // END SOLUTION
    }

    /**
     * A timer fired.
     *
     * <p>Hint (02.7): on SESSION_EXPIRY, end every session the tracker says is due with a
     * closeSession write of the server's own ({@link WriteRequest#byServer}), and set the timer
     * again for the next check. On CONTAINER_REAPER, delete each candidate the tree names with
     * an ordinary delete write of the server's own, and set the timer again.
     */
    public void onTimer(TimerTag tag) {
        if (!(tag instanceof ServerTimer timer)) {
            throw new IllegalArgumentException("not a timer of this server: " + tag);
        }
        long now = ctx.now();
        if (!sequencer.leads()) { // only the server that orders writes makes its own; it alone expires sessions
            ctx.setTimer(timer == ServerTimer.SESSION_EXPIRY ? sessions.nextExpiryCheck(now) - now : config.containerCheckInterval(), timer);
            return;
        }
        // BEGIN SOLUTION 02.7
        switch (timer) {
            case SESSION_EXPIRY -> {
                for (long sessionId : sessions.expire(now)) {
                    sequencer.submit(WriteRequest.byServer(sessionId, new Request.CloseSession()));
                }
                ctx.setTimer(sessions.nextExpiryCheck(now) - now, ServerTimer.SESSION_EXPIRY);
            }
            case CONTAINER_REAPER -> {
                for (String path : tree.reapCandidates(now, config.maxNeverUsedContainerAge())) {
                    sequencer.submit(WriteRequest.byServer(0, new Request.Delete(path, -1)));
                }
                ctx.setTimer(config.containerCheckInterval(), ServerTimer.CONTAINER_REAPER);
            }
        }
        // END SOLUTION
    }

    // ------------------------------------------------------------------ an ensemble's replica

    /**
     * The server stops serving (its replica looks for a leader, as ZooKeeper's does): every
     * client connection closes (the clients try another server), what was in flight is
     * forgotten, and the session tracker starts again: every session gets a whole timeout from
     * now, since nobody could touch it while no leader served (ZooKeeper makes a new tracker
     * for each role).
     */
    public void stopServing() {
        for (long connection : List.copyOf(connections.keySet())) {
            closeConnection(connection);
        }
        awaitingSession.clear();
        throttle.clear();
        touched.clear();
        sessions = newSessionTracker(ctx.now());
    }

    /**
     * Replaces the tree and the session table by a snapshot's (a learner synchronizing with its
     * leader). Only while the server serves no client: a client must never see its server's
     * state jump.
     */
    public void restore(DataTree restored, SessionTable sessionTable) {
        if (!connections.isEmpty()) {
            throw new IllegalStateException("server " + config.serverId() + " restores a snapshot while serving "
                    + connections.size() + " connections: stop serving first");
        }
        tree = restored;
        processor = new TxnProcessor(tree, sessionTable);
        recentTxns.clear();
        awaitingSession.clear();
        throttle.clear();
        if (ctx != null) { // started: otherwise start() builds both from the restored state
            reads = new ReadRequests(tree, watches);
            sessions = newSessionTracker(ctx.now());
        }
    }

    /** A tracker with every session of the replicated table, each touched now. */
    private SessionTracker newSessionTracker(long now) {
        SessionTracker tracker = new SessionTracker(config.serverId(), config.tickTime(),
                config.minSessionTimeout(), config.maxSessionTimeout(), now);
        processor.sessions().asMap().forEach((id, timeout) -> tracker.addSession(id, timeout, now));
        return tracker;
    }

    private void noteTouched(long sessionId) {
        if (!sequencer.leads()) {
            touched.add(sessionId); // a set: bounded by the sessions this server serves
        }
    }

    /** The sessions this server's clients touched since the last call, for the learner's next ping to its leader. */
    public Set<Long> drainTouchedSessions() {
        Set<Long> drained = Set.copyOf(touched);
        touched.clear();
        return drained;
    }

    /** The leader hears that a learner's clients touched these sessions. Unknown or closing ones are ignored. */
    public void touchSessions(Set<Long> sessionIds) {
        for (long sessionId : sessionIds) {
            sessions.touch(sessionId, ctx.now());
        }
    }

    /** Writes and syncs handed to the sequencer and not finished yet (at most the bound given at construction). */
    public int requestsInFlight() {
        return throttle.inFlight();
    }

    // ------------------------------------------------------------------ what the status page shows

    public DataTree tree() {
        return tree;
    }

    /** The sessions as replicated state: every server that applied the same txns has the same table. */
    public SessionTable sessionTable() {
        return processor.sessions();
    }

    public long lastZxid() {
        return tree.lastProcessedZxid();
    }

    /** The sessions this server's expiry tracker knows, closing ones included. */
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
