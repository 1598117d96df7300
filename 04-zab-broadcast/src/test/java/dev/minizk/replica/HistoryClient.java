package dev.minizk.replica;

import dev.minizk.client.ClientRuntime;
import dev.minizk.client.ClientState;
import dev.minizk.client.Created;
import dev.minizk.client.NodeData;
import dev.minizk.client.Transport;
import dev.minizk.client.ZkClient;
import dev.minizk.history.Command;
import dev.minizk.history.EventType;
import dev.minizk.history.HistoryRecorder;
import dev.minizk.history.NodeStat;
import dev.minizk.history.Result;
import dev.minizk.history.ZkError;
import dev.minizk.proto.KeeperState;
import dev.minizk.proto.Request;
import dev.minizk.proto.Response.OpResult;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.TimerId;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import dev.minizk.proto.WatcherEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One of the course's clients ({@link ZkClient}) in the simulated world whose every call and
 * watch event goes into a {@link HistoryRecorder}, in the checker's terms: the call when it is
 * made, its outcome when it reaches the client, with the zxid its reply carried. A reply's zxid is
 * what {@link ZkClient#lastZxidSeen} says at the moment the client hands the reply to the
 * application (its event thread): this client's runtime notes it there. Errors that say nothing
 * about the tree (connection loss, an expired or moved session, a timeout) are unknown outcomes.
 * Times count the simulator's events: distinct for a session's replies and events.
 */
public final class HistoryClient {
    private final Simulator<?> sim;
    private final HistoryRecorder recorder;
    private final ZkClient client;
    /**
     * Since the client reconnected and until its next reply, the node events it received: the
     * server fires what changed meanwhile by kind of watch, not in zxid order. They are recorded
     * as one batch (one time, which the checker reads as "any order among them") just before that
     * reply, or when the history is taken. Null when the client is not in such a batch.
     */
    private List<WatchedNode> reconnectBatch;

    private record WatchedNode(EventType type, String path) {
    }

    /** The zxid of the reply being handed to the application right now. */
    private long replyZxid;
    private int inFlight;

    HistoryClient(Simulator<?> sim, SimulatedClient runtime, int sessionTimeoutMillis, HistoryRecorder recorder) {
        this.sim = sim;
        this.recorder = recorder;
        ZkClient[] self = new ZkClient[1];
        NotingRuntime noting = new NotingRuntime(runtime, () -> self[0]);
        this.client = ZkClient.connect(noting, sessionTimeoutMillis, this::onEvent);
        noting.connecting = false;
        self[0] = client;
    }

    ZkClient client() {
        return client;
    }

    boolean connected() {
        return client.state() == ClientState.CONNECTED && client.sessionId() != 0;
    }

    boolean expired() {
        return client.state() == ClientState.EXPIRED;
    }

    int inFlight() {
        return inFlight;
    }

    long session() {
        return client.sessionId();
    }

    /**
     * Twice the simulator's event count: what is recorded in an event comes after everything
     * recorded before it, and the odd time just before it is free for a reconnection batch.
     */
    private long time() {
        return 2 * sim.eventsProcessed();
    }

    /** The end of the run: the last reconnection batch, if one is open, is recorded after everything else. */
    void flushAtEnd() {
        flushReconnectBatch(time() + 1);
    }

    /** The session ended without the client closing it (expiry): its ephemerals go, at a time the client does not know. */
    void recordExpiry() {
        recorder.unknown(recorder.invoke(session(), new Command.CloseSession(), time()), time());
    }

    CompletableFuture<Created> create(String path, String data, CreateMode mode) {
        Command command = new Command.Create(path, data, mode.isEphemeral(), mode.isSequential());
        return record(command, client.createAsync(path, bytes(data), Acl.OPEN_ACL_UNSAFE, mode), c -> new Result.Created(c.path()));
    }

    CompletableFuture<Stat> setData(String path, String data, int version) {
        return record(Command.setData(path, data, version), client.setDataAsync(path, bytes(data), version), s -> new Result.Updated(stat(s)));
    }

    CompletableFuture<?> delete(String path, int version) {
        return record(Command.delete(path, version), client.deleteAsync(path, version), v -> new Result.Done());
    }

    CompletableFuture<NodeData> getData(String path, boolean watch) {
        return record(Command.getData(path, watch), client.getDataAsync(path, watch),
                d -> new Result.Data(new String(d.data(), StandardCharsets.UTF_8), stat(d.stat())));
    }

    CompletableFuture<?> exists(String path, boolean watch) {
        return record(Command.exists(path, watch), client.existsAsync(path, watch),
                s -> s == null ? new Result.Absent() : new Result.Exists(stat(s)));
    }

    CompletableFuture<?> getChildren(String path, boolean watch) {
        return record(Command.getChildren(path, watch), client.getChildrenAsync(path, watch), Result.Children::new);
    }

    CompletableFuture<?> sync(String path) {
        return record(Command.sync(path), client.syncAsync(path), p -> new Result.Done());
    }

    /** A multi of a version check and a setData: the conditional write of two nodes at once. */
    CompletableFuture<?> checkAndSet(String checked, int version, String path, String data) {
        Command command = new Command.Multi(List.of(new Command.Check(checked, version), Command.setData(path, data, -1)));
        List<Request> ops = List.of(new Request.Check(checked, version), new Request.SetData(path, bytes(data), -1));
        return record(command, client.multiAsync(ops), results -> {
            List<Result> parts = new ArrayList<>();
            for (OpResult result : results) {
                parts.add(result instanceof OpResult.SetData set ? new Result.Updated(stat(set.stat())) : new Result.Done());
            }
            return new Result.MultiResults(parts);
        });
    }

    private <T> CompletableFuture<T> record(Command command, CompletableFuture<T> call, Function<T, Result> result) {
        int handle = recorder.invoke(session(), command, time());
        inFlight++;
        // The caller's callbacks hang on the returned stage, so they run after the outcome is recorded.
        return call.whenComplete((value, failure) -> {
            inFlight--;
            flushReconnectBatch(time() - 1);
            if (failure == null) {
                recorder.ok(handle, result.apply(value), replyZxid, time());
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            ZkError error = cause instanceof KeeperException k ? treeError(k) : null;
            if (error == null) {
                recorder.unknown(handle, time());
            } else {
                recorder.failed(handle, error, replyZxid, time());
            }
        });
    }

    /** The tree's answer in a failure, or null for one that says nothing about the tree (connection loss and the like). */
    private static ZkError treeError(KeeperException failure) {
        return switch (failure.code()) {
            case NONODE -> ZkError.NONODE;
            case BADVERSION -> ZkError.BADVERSION;
            case NODEEXISTS -> ZkError.NODEEXISTS;
            case NOTEMPTY -> ZkError.NOTEMPTY;
            case NOCHILDRENFOREPHEMERALS -> ZkError.NOCHILDRENFOREPHEMERALS;
            case BADARGUMENTS -> ZkError.BADARGUMENTS;
            default -> null;
        };
    }

    private void onEvent(WatcherEvent event) {
        if (event.state() == KeeperState.SYNC_CONNECTED && event.type() == dev.minizk.tree.EventType.NONE) {
            flushReconnectBatch(time() - 1);
            reconnectBatch = new ArrayList<>();
            return;
        }
        EventType type = switch (event.type()) {
            case NODE_CREATED -> EventType.NodeCreated;
            case NODE_DELETED -> EventType.NodeDeleted;
            case NODE_DATA_CHANGED -> EventType.NodeDataChanged;
            case NODE_CHILDREN_CHANGED -> EventType.NodeChildrenChanged;
            default -> null; // connection states and watch removals are no node events
        };
        if (type != null && reconnectBatch != null) {
            reconnectBatch.add(new WatchedNode(type, event.path()));
        } else if (type != null) {
            recorder.event(session(), type, event.path(), time());
        }
    }

    /** Records the events of the reconnection batch, if any, at one time (odd: no reply has it). */
    void flushReconnectBatch(long at) {
        if (reconnectBatch != null) {
            for (WatchedNode node : reconnectBatch) {
                recorder.event(session(), node.type(), node.path(), at);
            }
            reconnectBatch = null;
        }
    }

    private static NodeStat stat(Stat stat) {
        return new NodeStat(stat.czxid(), stat.mzxid(), stat.version(), stat.ephemeralOwner(), stat.numChildren());
    }

    private static byte[] bytes(String data) {
        return data.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The simulated client's runtime, noting the client's last seen zxid as each reply is handed
     * over. While the client is being built its connect does not wait: the fuzzer's clients
     * connect in the background as the world runs (a storm may leave no server to connect to).
     */
    private final class NotingRuntime implements ClientRuntime {
        private final SimulatedClient runtime;
        private final Supplier<ZkClient> client;
        boolean connecting = true;

        NotingRuntime(SimulatedClient runtime, Supplier<ZkClient> client) {
            this.runtime = runtime;
            this.client = client;
        }

        @Override
        public Transport transport() {
            return runtime.transport();
        }

        @Override
        public long now() {
            return runtime.now();
        }

        @Override
        public void execute(Runnable task) {
            runtime.execute(task);
        }

        @Override
        public TimerId schedule(long delayMillis, Runnable task) {
            return runtime.schedule(delayMillis, task);
        }

        @Override
        public void cancel(TimerId timer) {
            runtime.cancel(timer);
        }

        @Override
        public void dispatchEvent(Runnable callback) {
            long zxid = client.get() == null ? 0 : client.get().lastZxidSeen();
            runtime.dispatchEvent(() -> {
                replyZxid = zxid;
                callback.run();
            });
        }

        @Override
        public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
            if (connecting) {
                return null; // the first connect's future (of Void): the session is opened as the world runs
            }
            return runtime.await(future, timeoutMillis);
        }
    }
}
