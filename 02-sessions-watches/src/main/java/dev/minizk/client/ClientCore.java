package dev.minizk.client;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.WatcherEvent;
import dev.minizk.proto.Xid;
import dev.minizk.sim.TimerId;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The client as a single-threaded state machine ({@code ClientCnxn} without its threads). Every
 * method runs on the runtime's loop: application calls arrive through {@link ClientRuntime#execute},
 * timers through {@link ClientRuntime#schedule}, server messages through a {@link TransportListener}.
 * What the application sees (watch events, completed futures) leaves through
 * {@link ClientRuntime#dispatchEvent}, in one queue, so a watch event is seen before the reply to any
 * request the server answered after sending it.
 *
 * <p>Life of a connection: open with a handshake (new session, or resume with id, password and
 * lastZxidSeen); on the ConnectResponse re-send auth, replay watches, flush the queued requests;
 * then ping when idle and give up on the connection when the server has been silent for 2/3 of
 * the session timeout. A lost connection fails every outstanding request with CONNECTIONLOSS and
 * reconnects; an invalid ConnectResponse means the session is gone: Expired, and the handle is dead.
 */
final class ClientCore {
    /** The stock client waits a random 0-1000 ms between attempts; fixed here so a run replays exactly. */
    static final long RECONNECT_DELAY = 1_000;
    /** The stock client pings at least every 10 s whatever the timeout ({@code MAX_SEND_PING_INTERVAL}). */
    static final long MAX_PING_INTERVAL = 10_000;

    private final ClientRuntime runtime;
    private final int requestedTimeout;
    private final ClientWatchRegistry watches;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();

    // the session: volatile where the application may read it from another thread
    private volatile long sessionId;
    private volatile byte[] password = new byte[16];
    private volatile int negotiatedTimeout;
    private volatile long lastZxidSeen;
    private volatile ClientState state = ClientState.CONNECTING;
    private boolean closing;
    private CompletableFuture<Void> closeDone;
    private final List<AuthEntry> authInfo = new ArrayList<>();

    // the current connection
    private TransportConnection connection;
    private int generation; // callbacks of older connections and timers carry an older number and are ignored
    private boolean handshakeDone;
    private long connectStarted;
    private long lastSend;
    private long lastReceive;
    private TimerId timer;
    private int lastXid;
    private final Deque<Pending> pending = new ArrayDeque<>(); // sent, waiting for their replies, in xid order
    private final Deque<Pending> queued = new ArrayDeque<>();  // waiting for a connection
    private final Deque<AuthEntry> pendingAuth = new ArrayDeque<>();

    /** A request on its way: sent (xid set) or queued. {@code onDone} is for the client's own requests. */
    private static final class Pending {
        final Request request;
        final WatchRegistration registration;
        final CompletableFuture<Response> future;
        final Runnable onDone;
        int xid;

        Pending(Request request, WatchRegistration registration, CompletableFuture<Response> future, Runnable onDone) {
            this.request = request;
            this.registration = registration;
            this.future = future;
            this.onDone = onDone;
        }
    }

    /** An identity added with addAuth: re-sent on every new connection, as ZooKeeper does. */
    private record AuthEntry(Request.Auth request, CompletableFuture<Void> firstAnswer) {
    }

    ClientCore(ClientRuntime runtime, int requestedTimeout, Watcher defaultWatcher) {
        this.runtime = runtime;
        this.requestedTimeout = requestedTimeout;
        this.watches = new ClientWatchRegistry(defaultWatcher);
    }

    // ------------------------------------------------------------------ read by ZkClient (any thread)

    CompletableFuture<Void> firstConnect() {
        return firstConnect;
    }

    long sessionId() {
        return sessionId;
    }

    byte[] password() {
        return password.clone();
    }

    int negotiatedTimeout() {
        return negotiatedTimeout;
    }

    long lastZxidSeen() {
        return lastZxidSeen;
    }

    ClientState state() {
        return state;
    }

    ClientWatchRegistry watches() {
        return watches;
    }

    // ------------------------------------------------------------------ entered from the application

    void start() {
        openConnection();
    }

    void submit(Request request, WatchRegistration registration, CompletableFuture<Response> future) {
        Pending p = new Pending(request, registration, future, null);
        if (!state.isAlive() || closing) {
            fail(p, deadHandleError(request.path()));
        } else if (state == ClientState.CONNECTED) {
            send(p);
        } else {
            queued.addLast(p);
        }
    }

    void addAuth(Request.Auth request, CompletableFuture<Void> future) {
        if (!state.isAlive() || closing) {
            KeeperException e = deadHandleError(null);
            runtime.dispatchEvent(() -> future.completeExceptionally(e));
            return;
        }
        AuthEntry entry = new AuthEntry(request, future);
        authInfo.add(entry);
        if (state == ClientState.CONNECTED) {
            sendAuth(entry);
        } // else: sent with the others when the next connection is up
    }

    /** Removes one Watcher's watch client-side; the server is asked only when it was the last of its kind there. */
    void removeWatch(String path, Watcher watcher, ClientWatchRegistry.Kind[] kinds, Request serverRequest,
                     CompletableFuture<Response> future) {
        boolean had = false;
        boolean lastOne = false;
        for (ClientWatchRegistry.Kind kind : kinds) {
            if (watches.remove(kind, path, watcher)) {
                had = true;
                lastOne |= !watches.hasAny(kind, path);
            }
        }
        if (!had) {
            fail(new Pending(serverRequest, null, future, null), new KeeperException(ErrorCode.NOWATCHER, path));
            return;
        }
        if (lastOne) {
            submit(serverRequest, null, future);
        } else {
            runtime.dispatchEvent(() -> future.complete(new Response.Empty()));
        }
    }

    /** Removes every Watcher of the kinds at the path, after the server agreed; returns them through the future. */
    void removeAllWatches(String path, ClientWatchRegistry.Kind[] kinds, Request serverRequest,
                          CompletableFuture<List<Watcher>> future) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        submit(serverRequest, null, reply);
        reply.whenComplete((ok, failure) -> {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                // runs on the event thread; the registry belongs to the loop, so hop back to it
                runtime.execute(() -> {
                    List<Watcher> removed = new ArrayList<>();
                    for (ClientWatchRegistry.Kind kind : kinds) {
                        removed.addAll(watches.removeAll(kind, path));
                    }
                    runtime.dispatchEvent(() -> future.complete(removed));
                });
            }
        });
    }

    /** Closes the session: closeSession on a live connection, then the handle is dead either way. */
    void close(CompletableFuture<Void> done) {
        if (!state.isAlive() || closing) {
            runtime.dispatchEvent(() -> done.complete(null));
            return;
        }
        closing = true;
        closeDone = done;
        if (state == ClientState.CONNECTED) {
            send(new Pending(new Request.CloseSession(), null, null, this::finishClose));
        } else {
            finishClose(); // no connection: the session will expire on the server
        }
    }

    /** Ends the handle now, whether or not the server answered the closeSession. */
    void finishClose() {
        if (state == ClientState.CLOSED) {
            return;
        }
        dropConnection();
        state = ClientState.CLOSED;
        failOutstanding(deadHandleError(null));
        failFirstConnect("the client was closed");
        endOfHandle(KeeperState.CLOSED);
        if (closeDone != null) {
            CompletableFuture<Void> done = closeDone;
            runtime.dispatchEvent(() -> done.complete(null));
        }
    }

    // ------------------------------------------------------------------ the connection

    private void openConnection() {
        int gen = ++generation;
        handshakeDone = false;
        connectStarted = runtime.now();
        connection = runtime.transport().open(handshake(), new TransportListener() {
            @Override
            public void onMessage(ServerMessage message) {
                if (gen == generation) {
                    ClientCore.this.onMessage(message);
                }
            }

            @Override
            public void onClosed() {
                if (gen == generation) {
                    connectionLost("the connection was closed");
                }
            }
        });
        armTimer();
    }

    /**
     * The handshake for the next connection.
     *
     * <p>Hint (02.8): the first connection asks for a new session. Every later one must resume the
     * session it has: its id and password (what the server issued), the timeout it asks for, and
     * the last zxid it has seen, so that a server that is behind it refuses it instead of showing
     * it the past.
     */
    private ConnectRequest handshake() {
        // BEGIN SOLUTION 02.8
        return new ConnectRequest(0, lastZxidSeen, requestedTimeout, sessionId, password.clone(), false);
        // STUB: return ConnectRequest.newSession(requestedTimeout); // TODO 02.8: resume the session you have
        // END SOLUTION
    }

    private void onConnected(ConnectResponse response) {
        if (!response.isValid()) {
            expire();
            return;
        }
        sessionId = response.sessionId();
        password = response.password().clone();
        negotiatedTimeout = response.timeout();
        state = ClientState.CONNECTED;
        handshakeDone = true;
        // The order of ZooKeeper's primeConnection: identities first (SetWatches is checked against
        // them), then the watches, then whatever the application queued while disconnected.
        for (AuthEntry entry : authInfo) {
            sendAuth(entry);
        }
        Request.SetWatches replay = watches.replay(lastZxidSeen);
        if (replay != null) {
            send(new Pending(replay, null, null, null));
        }
        while (!queued.isEmpty()) {
            send(queued.pollFirst());
        }
        armTimer();
        deliverState(KeeperState.SYNC_CONNECTED);
        firstConnect.complete(null);
    }

    private void onMessage(ServerMessage message) {
        lastReceive = runtime.now();
        if (message instanceof ServerMessage.Connected connected) {
            if (handshakeDone) {
                protocolError("a second ConnectResponse on one connection");
            } else {
                onConnected(connected.response());
            }
        } else if (!handshakeDone) {
            protocolError("a message before the ConnectResponse: " + message);
        } else if (message instanceof ServerMessage.Notification notification) {
            WatcherEvent event = notification.event();
            for (Watcher watcher : watches.materialize(event)) {
                runtime.dispatchEvent(() -> watcher.process(event));
            }
        } else if (message instanceof ServerMessage.Reply reply) {
            onReply(reply);
        }
    }

    private void onReply(ServerMessage.Reply reply) {
        if (reply.zxid() > 0) {
            lastZxidSeen = reply.zxid();
        }
        if (reply.xid() == Xid.PING) {
            return;
        }
        if (reply.xid() == Xid.AUTH) {
            onAuthReply(reply);
            return;
        }
        Pending head = pending.peekFirst();
        if (head == null || head.xid != reply.xid()) {
            protocolError("xid out of order: expected " + (head == null ? "no reply" : "xid " + head.xid)
                    + ", got xid " + reply.xid());
            return;
        }
        pending.pollFirst();
        if (head.registration != null) {
            head.registration.register(reply.err(), watches);
        }
        if (head.onDone != null) {
            head.onDone.run();
        } else if (head.future != null) {
            if (reply.err() == ErrorCode.OK) {
                Response body = reply.body();
                runtime.dispatchEvent(() -> head.future.complete(body));
            } else {
                fail(head, new KeeperException(reply.err(), head.request.path()));
            }
        }
    }

    private void onAuthReply(ServerMessage.Reply reply) {
        AuthEntry entry = pendingAuth.pollFirst();
        if (reply.err() == ErrorCode.OK) {
            if (entry != null) {
                runtime.dispatchEvent(() -> entry.firstAnswer().complete(null));
            }
            return;
        }
        // ZooKeeper: AUTH_FAILED is final; the server closes the connection.
        dropConnection();
        state = ClientState.AUTH_FAILED;
        if (entry != null) {
            KeeperException e = new KeeperException(ErrorCode.AUTHFAILED, null, "scheme " + entry.request().scheme());
            runtime.dispatchEvent(() -> entry.firstAnswer().completeExceptionally(e));
        }
        failOutstanding(deadHandleError(null));
        endOfHandle(KeeperState.AUTH_FAILED);
    }

    private void send(Pending p) {
        lastXid = lastXid == Integer.MAX_VALUE ? 1 : lastXid + 1; // xids count from 1 and wrap back to 1
        p.xid = lastXid;
        pending.addLast(p);
        connection.send(p.xid, p.request);
        lastSend = runtime.now();
    }

    private void sendAuth(AuthEntry entry) {
        pendingAuth.addLast(entry);
        connection.send(Xid.AUTH, entry.request());
        lastSend = runtime.now();
    }

    // ------------------------------------------------------------------ timers

    private void armTimer() {
        if (timer != null) {
            runtime.cancel(timer);
        }
        int gen = generation;
        long delay = Math.max(0, nextDeadline() - runtime.now());
        timer = runtime.schedule(delay, () -> onTimer(gen));
    }

    private long readTimeout() {
        return negotiatedTimeout * 2L / 3;
    }

    private long pingInterval() {
        return Math.min(readTimeout() / 2, MAX_PING_INTERVAL);
    }

    private long nextDeadline() {
        if (!handshakeDone) {
            return connectStarted + requestedTimeout; // one host: the whole timeout for the handshake
        }
        return Math.min(lastReceive + readTimeout(), lastSend + pingInterval());
    }

    private void onTimer(int gen) {
        if (gen != generation || connection == null) {
            return;
        }
        long now = runtime.now();
        if (!handshakeDone) {
            if (now - connectStarted >= requestedTimeout) {
                connectionLost("no answer to the handshake within " + requestedTimeout + " ms");
                return;
            }
        } else {
            if (now - lastReceive >= readTimeout()) {
                connectionLost("nothing from the server for " + (now - lastReceive) + " ms");
                return;
            }
            if (now - lastSend >= pingInterval()) {
                connection.send(Xid.PING, new Request.Ping());
                lastSend = now;
            }
        }
        armTimer();
    }

    // ------------------------------------------------------------------ losing the connection or the session

    private void protocolError(String why) {
        connectionLost("protocol error: " + why);
    }

    /** The connection is gone; the session may not be. Fail what was outstanding and try again. */
    private void connectionLost(String why) {
        boolean wasConnected = handshakeDone;
        dropConnection();
        failOutstanding(new KeeperException(ErrorCode.CONNECTIONLOSS, null, why));
        if (closing) {
            finishClose();
            return;
        }
        if (wasConnected) {
            state = ClientState.CONNECTING;
            deliverState(KeeperState.DISCONNECTED);
        }
        // The first attempt after losing a live connection goes at once; a failed attempt waits.
        int gen = generation;
        runtime.schedule(wasConnected ? 0 : RECONNECT_DELAY, () -> {
            if (gen == generation && state == ClientState.CONNECTING && !closing) {
                openConnection();
            }
        });
    }

    /** The server said the session is gone: the handle is dead. */
    private void expire() {
        dropConnection();
        state = ClientState.EXPIRED;
        failOutstanding(deadHandleError(null));
        failFirstConnect("the session expired");
        endOfHandle(KeeperState.EXPIRED);
    }

    private void dropConnection() {
        generation++;
        handshakeDone = false;
        if (timer != null) {
            runtime.cancel(timer);
            timer = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void failOutstanding(KeeperException e) {
        List<Pending> failed = new ArrayList<>(pending);
        failed.addAll(queued);
        pending.clear();
        queued.clear();
        for (Pending p : failed) {
            if (p.onDone != null) {
                continue; // the client's own requests (SetWatches, closeSession) need no answer
            }
            fail(p, new KeeperException(e.code(), p.request.path(), detail(e)));
        }
        for (AuthEntry entry : pendingAuth) {
            runtime.dispatchEvent(() -> entry.firstAnswer().completeExceptionally(e));
        }
        pendingAuth.clear();
    }

    private static String detail(KeeperException e) {
        String message = e.getMessage();
        int colon = message.indexOf(": ");
        return colon < 0 ? null : message.substring(colon + 2);
    }

    private void fail(Pending p, KeeperException e) {
        if (p.future != null) {
            runtime.dispatchEvent(() -> p.future.completeExceptionally(e));
        }
    }

    private void failFirstConnect(String why) {
        if (!firstConnect.isDone()) {
            ErrorCode code = state == ClientState.EXPIRED ? ErrorCode.SESSIONEXPIRED : ErrorCode.CONNECTIONLOSS;
            KeeperException e = new KeeperException(code, null, why);
            runtime.dispatchEvent(() -> firstConnect.completeExceptionally(e));
        }
    }

    /** A dying handle tells every Watcher once, then forgets them all. */
    private void endOfHandle(KeeperState why) {
        deliverState(why);
        watches.clear();
    }

    private void deliverState(KeeperState newState) {
        WatcherEvent event = WatcherEvent.state(newState);
        for (Watcher watcher : watches.materialize(event)) {
            runtime.dispatchEvent(() -> watcher.process(event));
        }
    }

    /** What a call on a dead handle fails with: ZooKeeper's {@code conLossPacket} codes. */
    private KeeperException deadHandleError(String path) {
        return switch (state) {
            case EXPIRED -> new KeeperException(ErrorCode.SESSIONEXPIRED, path, "the session has expired");
            case AUTH_FAILED -> new KeeperException(ErrorCode.AUTHFAILED, path, "authentication failed earlier");
            case CLOSED -> new KeeperException(ErrorCode.SESSIONEXPIRED, path, "this client was closed");
            default -> new KeeperException(ErrorCode.SESSIONEXPIRED, path, "this client is closing");
        };
    }
}
