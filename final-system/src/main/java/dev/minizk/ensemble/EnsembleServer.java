package dev.minizk.ensemble;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.net.ServerRuntime;
import dev.minizk.peer.PeerLinks;
import dev.minizk.replica.Persistence;
import dev.minizk.replica.ReplicaNode;
import dev.minizk.recovery.DiskPersistence;
import dev.minizk.server.RequestPipeline;
import dev.minizk.storage.FileStorage;
import dev.minizk.zab.ZabEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server of a replicated ensemble as a real process: stage 04's {@link ReplicaNode} made
 * durable by stage 05's {@link DiskPersistence}, on the runtime of the standalone server
 * ({@link ServerRuntime}: one loop thread, the client port, timers) plus its peer links and its
 * files. {@link #start} returns once the client port and the quorum port listen; the server
 * takes clients once it has found a leader (or leads).
 *
 * <p>The standalone server is the same replica with a one-voter quorum ({@link #standalone}): it
 * elects itself, and each write commits as soon as it is logged, the leader's own ack being the
 * quorum. It has no peers and, as ZooKeeper's standalone server would with {@code forceSync=no}
 * and no restart, keeps its data in memory.
 */
public final class EnsembleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnsembleServer.class);

    /** The standalone server's id: the only voter of its quorum. */
    static final int STANDALONE_ID = 1;

    private final int id;
    private final ServerRuntime runtime;
    private final ReplicaDriver driver;

    private EnsembleServer(int id, ServerRuntime runtime, ReplicaDriver driver) {
        this.id = id;
        this.runtime = runtime;
        this.driver = driver;
    }

    /**
     * A standalone server on {@code config}'s client port: a replica alone in its quorum, without
     * peer links or files. Returns once it leads and serves (its election decides at once, alone).
     *
     * @throws IOException if the client port cannot be bound, or the server does not come up
     */
    public static EnsembleServer standalone(RuntimeConfig config) throws IOException {
        int tick = config.server().tickTime();
        ReplicaMetrics metrics = new ReplicaMetrics(new RoleLog(STANDALONE_ID));
        ReplicaNode node = new ReplicaNode(QuorumVerifier.majorityOf(1), EnsembleConfig.zabFor(tick, 10, 5), config.server(),
                metrics, RequestPipeline.MAX_OUTSTANDING_REQUESTS, Persistence.inMemory());
        ReplicaDriver driver = new ReplicaDriver(STANDALONE_ID, node, metrics, null);
        ServerRuntime runtime = ServerRuntime.start(config, driver, loop -> {
            driver.attachAlone(loop);
            return null;
        });
        EnsembleServer server = new EnsembleServer(STANDALONE_ID, runtime, driver);
        try {
            server.awaitServing(Math.max(10L * tick, 10_000)); // initLimit, or 10 s for short test ticks on a busy machine
        } catch (IOException e) {
            runtime.close();
            throw e;
        }
        return server;
    }

    /** Waits until the server serves clients (a standalone server: until it leads). */
    private void awaitServing(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (runtime.submit(s -> driver.mode()).get(timeoutMillis, TimeUnit.MILLISECONDS) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the server did not start serving within " + timeoutMillis + " ms");
                }
                Thread.sleep(5); // the real runtime's own start-up: a poll, not a test
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the server started", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the server failed to start: " + e.getMessage(), e);
        }
    }

    /** Binds this member's quorum port (from its {@code server.N} line) and starts. */
    public static EnsembleServer start(EnsembleConfig config) throws IOException {
        Member me = config.me();
        return start(config, PeerLinks.listen(new InetSocketAddress(me.host(), me.quorumPort())));
    }

    /** Starts on a quorum port bound already (tests bind port 0 first, then tell every member). */
    public static EnsembleServer start(EnsembleConfig config, ServerSocketChannel quorumPort) throws IOException {
        ReplicaMetrics metrics = new ReplicaMetrics(new RoleLog(config.myId()));
        DiskPersistence persistence = new DiskPersistence(config.recovery());
        ReplicaNode node = new ReplicaNode(config.verifier(), config.zab(), config.runtime().server().withServerId(config.myId()),
                metrics, RequestPipeline.MAX_OUTSTANDING_REQUESTS, persistence);
        ReplicaDriver driver = new ReplicaDriver(config.myId(), node, metrics, persistence);
        FileStorage[] files = new FileStorage[1];
        ServerRuntime runtime;
        try {
            runtime = ServerRuntime.start(config.runtime(), driver, loop -> {
                files[0] = new FileStorage(config.storageDirectory(), loop::execute, driver);
                PeerLinks peers = new PeerLinks(loop, config.myId(), config.peerAddresses(), quorumPort, driver);
                driver.attach(loop, peers, files[0]);
                return peers;
            });
        } catch (IOException | RuntimeException e) {
            quorumPort.close();
            if (files[0] != null) {
                files[0].close();
            }
            throw e;
        }
        log.info("server {} of {} started: clients on {}, peers on {}, files in {}", config.myId(), config.verifier(),
                runtime.connectString(), quorumPort.socket().getLocalSocketAddress(), config.storageDirectory());
        return new EnsembleServer(config.myId(), runtime, driver);
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    public ReplicaDriver driver() {
        return driver;
    }

    public int id() {
        return id;
    }

    /** Stops the loop (every socket closes) and the sync thread. */
    @Override
    public void close() {
        runtime.close();
        if (driver.storage() != null) { // a standalone server has no files
            driver.storage().close();
        }
    }

    /** Logs each change of role: the one line an operator wants to see. */
    private record RoleLog(int myId) implements ZabEvents {
        @Override
        public void roleChanged(int server, String role, String why) {
            log.info("server {} is {} ({})", server, role, why);
        }
    }
}
