package dev.minizk.ensemble;

import dev.minizk.net.ServerRuntime;
import dev.minizk.peer.PeerLinks;
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

/**
 * One server of a replicated ensemble as a real process: stage 04's {@link ReplicaNode} made
 * durable by stage 05's {@link DiskPersistence}, on the runtime of the standalone server
 * ({@link ServerRuntime}: one loop thread, the client port, timers) plus its peer links and its
 * files. {@link #start} returns once the client port and the quorum port listen; the server
 * takes clients once it has found a leader (or leads).
 */
public final class EnsembleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnsembleServer.class);

    private final EnsembleConfig config;
    private final ServerRuntime runtime;
    private final ReplicaDriver driver;

    private EnsembleServer(EnsembleConfig config, ServerRuntime runtime, ReplicaDriver driver) {
        this.config = config;
        this.runtime = runtime;
        this.driver = driver;
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
        return new EnsembleServer(config, runtime, driver);
    }

    public EnsembleConfig config() {
        return config;
    }

    public ServerRuntime runtime() {
        return runtime;
    }

    public ReplicaDriver driver() {
        return driver;
    }

    public int id() {
        return config.myId();
    }

    /** Stops the loop (every socket closes) and the sync thread. */
    @Override
    public void close() {
        runtime.close();
        driver.storage().close();
    }

    /** Logs each change of role: the one line an operator wants to see. */
    private record RoleLog(int myId) implements ZabEvents {
        @Override
        public void roleChanged(int server, String role, String why) {
            log.info("server {} is {} ({})", server, role, why);
        }
    }
}
