package dev.minizk.client;

import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.proto.WatcherType;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.Id;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The course's ZooKeeper client: ZooKeeper's Java API, in records and futures.
 *
 * <p>Every call has an async form ({@code …Async}, a {@link CompletableFuture}) and a sync form that
 * waits through the runtime ({@link ClientRuntime#await}) for at most the request timeout. Failures
 * are {@link KeeperException}s with ZooKeeper's codes: the server's (NONODE, BADVERSION, ...),
 * CONNECTIONLOSS for a call outstanding when the connection dropped (it may or may not have been
 * applied), SESSIONEXPIRED once the session is gone or the client closed, REQUESTTIMEOUT when a
 * sync call got no answer in time. Futures complete on the runtime's event thread, in the order
 * the server answered, after the watch events the server sent before the answer.
 *
 * <p>A watch is given as a {@link Watcher}, or as {@code watch=true}, meaning the default watcher
 * passed to {@link #connect}. The default watcher also hears every connection-state change.
 *
 * <p>Thread-safe: a call only hands a request to the runtime's loop, where the single-threaded
 * {@link ClientCore} does the work.
 */
public final class ZkClient implements AutoCloseable {
    private final ClientRuntime runtime;
    private final ClientCore core;
    private final long requestTimeout;

    private ZkClient(ClientRuntime runtime, int sessionTimeout, Watcher defaultWatcher, long requestTimeout) {
        this.runtime = runtime;
        this.core = new ClientCore(runtime, sessionTimeout, defaultWatcher);
        this.requestTimeout = requestTimeout;
    }

    /**
     * Opens a session and waits until it is connected (SyncConnected). The request timeout of the
     * sync calls is twice the session timeout: a live connection answers long before, and a dead
     * one is noticed (CONNECTIONLOSS) after 2/3 of it.
     *
     * @param sessionTimeout the timeout to ask for; the server clamps it (see {@link #sessionTimeout()})
     * @param defaultWatcher hears state changes and {@code watch=true} events; may be null
     * @throws KeeperException CONNECTIONLOSS if no server answered within the session timeout
     */
    public static ZkClient connect(ClientRuntime runtime, int sessionTimeout, Watcher defaultWatcher) {
        return connect(runtime, sessionTimeout, defaultWatcher, 2L * sessionTimeout);
    }

    /** As {@link #connect(ClientRuntime, int, Watcher)}, with the sync calls' timeout in ms. */
    public static ZkClient connect(ClientRuntime runtime, int sessionTimeout, Watcher defaultWatcher, long requestTimeout) {
        Objects.requireNonNull(runtime, "runtime must not be null");
        if (sessionTimeout <= 0) {
            throw new IllegalArgumentException("sessionTimeout must be positive, was " + sessionTimeout);
        }
        if (requestTimeout <= 0) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        ZkClient client = new ZkClient(runtime, sessionTimeout, defaultWatcher, requestTimeout);
        runtime.execute(client.core::start);
        try {
            runtime.await(client.core.firstConnect(), sessionTimeout);
        } catch (KeeperException e) {
            client.runtime.execute(client.core::finishClose);
            throw new KeeperException(e.code() == ErrorCode.REQUESTTIMEOUT ? ErrorCode.CONNECTIONLOSS : e.code(), null,
                    "could not connect a session within " + sessionTimeout + " ms");
        }
        return client;
    }

    // ------------------------------------------------------------------ create, delete

    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        return await(createAsync(path, data, acl, mode)).path();
    }

    /** A TTL node ({@link CreateMode#PERSISTENT_WITH_TTL} and its sequential form); the server must allow them. */
    public String create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl) {
        return await(createAsync(path, data, acl, mode, ttl)).path();
    }

    public CompletableFuture<Created> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        return createAsync(path, data, acl, mode, -1);
    }

    /** Sent as create2 (or createContainer/createTTL, which the mode requires): the answer has the Stat. */
    public CompletableFuture<Created> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl) {
        return call(createRequest(path, data, acl, mode, ttl), null,
                body -> new Created(((Response.Created) body).path(), ((Response.Created) body).stat()));
    }

    /** The request a create sends; also what to put into a {@link #multi} list. */
    public static Request.Create createRequest(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttl) {
        requirePath(path);
        Objects.requireNonNull(acl, "acl must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
        int opCode = mode.isContainer() ? OpCode.CREATE_CONTAINER : mode.isTtl() ? OpCode.CREATE_TTL : OpCode.CREATE2;
        return new Request.Create(opCode, path, data, List.copyOf(acl), mode.flag(), ttl);
    }

    public void delete(String path, int version) {
        await(deleteAsync(path, version));
    }

    public CompletableFuture<Void> deleteAsync(String path, int version) {
        return call(new Request.Delete(requirePath(path), version), null, body -> null);
    }

    // ------------------------------------------------------------------ reads

    /** The node's Stat, or null when there is none. With watch=true the default watcher waits for the next change. */
    public Stat exists(String path, boolean watch) {
        return await(existsAsync(path, watch));
    }

    public Stat exists(String path, Watcher watcher) {
        return await(existsAsync(path, watcher));
    }

    public CompletableFuture<Stat> existsAsync(String path, boolean watch) {
        return existsAsync(path, watch ? defaultWatcher() : null, watch);
    }

    /** exists with a watch that fires NodeCreated if the node is missing, else its next change or deletion. */
    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        return existsAsync(path, Objects.requireNonNull(watcher, "watcher must not be null"), true);
    }

    private CompletableFuture<Stat> existsAsync(String path, Watcher watcher, boolean watch) {
        requirePath(path);
        WatchRegistration registration = watch ? WatchRegistration.exists(path, watcher) : null;
        CompletableFuture<Response> reply = submit(new Request.Exists(path, watch), registration);
        // NONODE is the answer "no", not a failure
        return reply.handle((body, failure) -> {
            if (failure == null) {
                return ((Response.StatOnly) body).stat();
            }
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof KeeperException e && e.code() == ErrorCode.NONODE) {
                return null;
            }
            throw cause instanceof RuntimeException runtimeFailure ? runtimeFailure : new IllegalStateException(cause);
        });
    }

    public NodeData getData(String path, boolean watch) {
        return await(getDataAsync(path, watch));
    }

    public NodeData getData(String path, Watcher watcher) {
        return await(getDataAsync(path, watcher));
    }

    public CompletableFuture<NodeData> getDataAsync(String path, boolean watch) {
        return getDataAsync(path, watch ? defaultWatcher() : null, watch);
    }

    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        return getDataAsync(path, Objects.requireNonNull(watcher, "watcher must not be null"), true);
    }

    private CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher, boolean watch) {
        requirePath(path);
        return call(new Request.GetData(path, watch), watch ? WatchRegistration.data(path, watcher) : null,
                body -> new NodeData(((Response.Data) body).data(), ((Response.Data) body).stat()));
    }

    public Stat setData(String path, byte[] data, int version) {
        return await(setDataAsync(path, data, version));
    }

    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        return call(new Request.SetData(requirePath(path), data, version), null, body -> ((Response.StatOnly) body).stat());
    }

    public List<String> getChildren(String path, boolean watch) {
        return await(getChildrenAsync(path, watch));
    }

    public List<String> getChildren(String path, Watcher watcher) {
        return await(getChildrenAsync(path, watcher));
    }

    public CompletableFuture<List<String>> getChildrenAsync(String path, boolean watch) {
        return children(path, watch ? defaultWatcher() : null, watch, false).thenApply(NodeChildren::children);
    }

    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        return children(path, Objects.requireNonNull(watcher, "watcher must not be null"), true, false)
                .thenApply(NodeChildren::children);
    }

    /** getChildren2: the names and the parent's Stat. */
    public NodeChildren getChildrenWithStat(String path, boolean watch) {
        return await(getChildrenWithStatAsync(path, watch));
    }

    public NodeChildren getChildrenWithStat(String path, Watcher watcher) {
        return await(getChildrenWithStatAsync(path, watcher));
    }

    public CompletableFuture<NodeChildren> getChildrenWithStatAsync(String path, boolean watch) {
        return children(path, watch ? defaultWatcher() : null, watch, true);
    }

    public CompletableFuture<NodeChildren> getChildrenWithStatAsync(String path, Watcher watcher) {
        return children(path, Objects.requireNonNull(watcher, "watcher must not be null"), true, true);
    }

    private CompletableFuture<NodeChildren> children(String path, Watcher watcher, boolean watch, boolean withStat) {
        requirePath(path);
        return call(new Request.GetChildren(path, watch, withStat), watch ? WatchRegistration.child(path, watcher) : null,
                body -> body instanceof Response.ChildrenWithStat c
                        ? new NodeChildren(c.children(), c.stat())
                        : new NodeChildren(((Response.Children) body).children(), null));
    }

    public NodeAcl getAcl(String path) {
        return await(getAclAsync(path));
    }

    public CompletableFuture<NodeAcl> getAclAsync(String path) {
        return call(new Request.GetAcl(requirePath(path)), null,
                body -> new NodeAcl(((Response.AclWithStat) body).acl(), ((Response.AclWithStat) body).stat()));
    }

    public Stat setAcl(String path, List<Acl> acl, int version) {
        return await(setAclAsync(path, acl, version));
    }

    public CompletableFuture<Stat> setAclAsync(String path, List<Acl> acl, int version) {
        requirePath(path);
        Objects.requireNonNull(acl, "acl must not be null");
        return call(new Request.SetAcl(path, List.copyOf(acl), version), null, body -> ((Response.StatOnly) body).stat());
    }

    // ------------------------------------------------------------------ multi, sync

    /**
     * Writes that succeed or fail together: {@link Request.Create} (see {@link #createRequest}),
     * {@link Request.Delete}, {@link Request.SetData}, {@link Request.Check}. One result per op;
     * on failure a {@link MultiFailedException} with the first failing op's code and every result.
     */
    public List<OpResult> multi(List<Request> ops) {
        return await(multiAsync(ops));
    }

    public CompletableFuture<List<OpResult>> multiAsync(List<Request> ops) {
        Objects.requireNonNull(ops, "ops must not be null");
        for (int i = 0; i < ops.size(); i++) {
            Objects.requireNonNull(ops.get(i), "ops[" + i + "] must not be null");
        }
        List<Request> copy = List.copyOf(ops);
        return call(new Request.Multi(copy), null, body -> {
            List<OpResult> results = ((Response.MultiResults) body).results();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof OpResult.Error error && error.err() != ErrorCode.OK) {
                    throw new MultiFailedException(error.err(), copy.get(i).path(), results);
                }
            }
            return results;
        });
    }

    /** Waits until the server has applied every write it had accepted before (on one server: at once). */
    public void sync(String path) {
        await(syncAsync(path));
    }

    public CompletableFuture<String> syncAsync(String path) {
        return call(new Request.Sync(requirePath(path)), null, body -> ((Response.PathOnly) body).path());
    }

    // ------------------------------------------------------------------ watches

    /** A watch that stays (persistent, or persistent-recursive) until removed or the session ends. */
    public void addWatch(String path, Watcher watcher, AddWatchMode mode) {
        await(addWatchAsync(path, watcher, mode));
    }

    public CompletableFuture<Void> addWatchAsync(String path, Watcher watcher, AddWatchMode mode) {
        requirePath(path);
        Objects.requireNonNull(watcher, "watcher must not be null");
        Objects.requireNonNull(mode, "mode must not be null");
        ClientWatchRegistry.Kind kind = mode == AddWatchMode.PERSISTENT
                ? ClientWatchRegistry.Kind.PERSISTENT : ClientWatchRegistry.Kind.PERSISTENT_RECURSIVE;
        return call(new Request.AddWatch(path, mode.value()), new WatchRegistration(kind, path, watcher), body -> null);
    }

    /**
     * Removes one Watcher's watches of a type at a path; it then hears a watch-removed event.
     * NOWATCHER if it had none. The server's watch goes only when no other Watcher of this client
     * still needs it.
     */
    public void removeWatches(String path, Watcher watcher, WatcherType type) {
        await(removeWatchesAsync(path, watcher, type));
    }

    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type) {
        requirePath(path);
        Objects.requireNonNull(watcher, "watcher must not be null");
        Objects.requireNonNull(type, "type must not be null");
        CompletableFuture<Response> reply = new CompletableFuture<>();
        Request request = new Request.RemoveWatches(path, type.value());
        runtime.execute(() -> core.removeWatch(path, watcher, kindsOf(type), request, reply));
        return reply.thenApply(body -> {
            watcher.process(removedEvent(path, type));
            return null;
        });
    }

    /** Removes every watch of a type at a path, for all of this client's Watchers; each hears a watch-removed event. */
    public void removeAllWatches(String path, WatcherType type) {
        await(removeAllWatchesAsync(path, type));
    }

    public CompletableFuture<Void> removeAllWatchesAsync(String path, WatcherType type) {
        requirePath(path);
        Objects.requireNonNull(type, "type must not be null");
        CompletableFuture<List<Watcher>> removed = new CompletableFuture<>();
        Request request = new Request.RemoveWatches(path, type.value());
        runtime.execute(() -> core.removeAllWatches(path, kindsOf(type), request, removed));
        return removed.thenApply(watchers -> {
            watchers.forEach(w -> w.process(removedEvent(path, type)));
            return null;
        });
    }

    /** NOWATCHER unless the server holds a watch of this type at the path for this connection. */
    public void checkWatches(String path, WatcherType type) {
        await(checkWatchesAsync(path, type));
    }

    public CompletableFuture<Void> checkWatchesAsync(String path, WatcherType type) {
        requirePath(path);
        Objects.requireNonNull(type, "type must not be null");
        return call(new Request.CheckWatches(path, type.value()), null, body -> null);
    }

    private static ClientWatchRegistry.Kind[] kindsOf(WatcherType type) {
        return switch (type) {
            case CHILDREN -> new ClientWatchRegistry.Kind[] {ClientWatchRegistry.Kind.CHILD};
            case DATA -> new ClientWatchRegistry.Kind[] {ClientWatchRegistry.Kind.DATA, ClientWatchRegistry.Kind.EXIST};
            case PERSISTENT -> new ClientWatchRegistry.Kind[] {ClientWatchRegistry.Kind.PERSISTENT};
            case PERSISTENT_RECURSIVE -> new ClientWatchRegistry.Kind[] {ClientWatchRegistry.Kind.PERSISTENT_RECURSIVE};
            case ANY -> ClientWatchRegistry.Kind.values();
        };
    }

    private static dev.minizk.proto.WatcherEvent removedEvent(String path, WatcherType type) {
        dev.minizk.tree.EventType event = switch (type) {
            case CHILDREN -> dev.minizk.tree.EventType.CHILD_WATCH_REMOVED;
            case DATA, ANY -> dev.minizk.tree.EventType.DATA_WATCH_REMOVED;
            case PERSISTENT, PERSISTENT_RECURSIVE -> dev.minizk.tree.EventType.PERSISTENT_WATCH_REMOVED;
        };
        return dev.minizk.proto.WatcherEvent.of(event, path);
    }

    // ------------------------------------------------------------------ session

    /** Adds an identity (e.g. scheme "digest", "user:password"); kept and re-sent after every reconnect. */
    public void addAuth(String scheme, byte[] auth) {
        await(addAuthAsync(scheme, auth));
    }

    public CompletableFuture<Void> addAuthAsync(String scheme, byte[] auth) {
        Objects.requireNonNull(scheme, "scheme must not be null");
        Objects.requireNonNull(auth, "auth must not be null");
        CompletableFuture<Void> future = new CompletableFuture<>();
        Request.Auth request = new Request.Auth(scheme, auth.clone());
        runtime.execute(() -> core.addAuth(request, future));
        return future;
    }

    /** The identities the server knows this connection by (ZooKeeper's whoAmI): its ip, and digest user names. */
    public List<Id> whoAmI() {
        return await(whoAmIAsync());
    }

    public CompletableFuture<List<Id>> whoAmIAsync() {
        return call(new Request.WhoAmI(), null, body -> ((Response.Identities) body).ids());
    }

    /** This session's ephemeral nodes. */
    public List<String> getEphemerals() {
        return getEphemerals("/");
    }

    /** This session's ephemeral nodes whose path starts with the prefix. */
    public List<String> getEphemerals(String prefix) {
        return await(getEphemeralsAsync(prefix));
    }

    public CompletableFuture<List<String>> getEphemeralsAsync(String prefix) {
        Objects.requireNonNull(prefix, "prefix must not be null");
        return call(new Request.GetEphemerals(prefix), null, body -> ((Response.Ephemerals) body).paths());
    }

    /**
     * Closes the session: the server deletes its ephemerals at once (no waiting for expiry). The
     * default watcher hears Closed; later calls fail with SESSIONEXPIRED. Closing twice is harmless.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runtime.execute(() -> core.close(done));
        try {
            runtime.await(done, requestTimeout);
        } catch (KeeperException e) {
            runtime.execute(core::finishClose); // no answer in time: give up on the server
        }
    }

    public long sessionId() {
        return core.sessionId();
    }

    public byte[] sessionPassword() {
        return core.password();
    }

    /** The timeout the server granted (0 before the first connection). */
    public int sessionTimeout() {
        return core.negotiatedTimeout();
    }

    /** The highest zxid of any reply so far: sent on reconnect so a lagging server refuses us. */
    public long lastZxidSeen() {
        return core.lastZxidSeen();
    }

    public ClientState state() {
        return core.state();
    }

    public ClientRuntime runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "ZkClient[session 0x" + Long.toHexString(sessionId()) + ", " + state() + "]";
    }

    // ------------------------------------------------------------------ plumbing

    private Watcher defaultWatcher() {
        Watcher watcher = core.watches().defaultWatcher();
        if (watcher == null) {
            throw new IllegalStateException("watch=true needs a default watcher, and this client was connected without one");
        }
        return watcher;
    }

    private static String requirePath(String path) {
        return Objects.requireNonNull(path, "path must not be null");
    }

    private CompletableFuture<Response> submit(Request request, WatchRegistration registration) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        runtime.execute(() -> core.submit(request, registration, reply));
        return reply;
    }

    private <T> CompletableFuture<T> call(Request request, WatchRegistration registration, Function<Response, T> answer) {
        return submit(request, registration).thenApply(answer);
    }

    private <T> T await(CompletableFuture<T> future) {
        return runtime.await(future, requestTimeout);
    }
}
