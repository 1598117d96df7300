package dev.minizk.net;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ServerContext;
import dev.minizk.ensemble.EnsembleServer;
import dev.minizk.server.StandaloneServer;
import dev.minizk.session.Session;
import dev.minizk.sim.TimerTag;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.watch.WatchManager;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A server state machine that throws has a bug, and no one can vouch for its state afterwards:
 * the runtime stops serving at once instead of carrying on (fail-stop).
 */
@Timeout(30)
class FailStopTest {

    /** The standalone server, except that a read of /boom throws, as a bug would. */
    private static final class BuggyServer implements ClientFacingServer {
        private final StandaloneServer server = new StandaloneServer(ServerConfig.withTick(200));

        @Override
        public void start(ServerContext context) {
            server.start(context);
        }

        @Override
        public void onConnect(long connection, String clientAddress, ConnectRequest request) {
            server.onConnect(connection, clientAddress, request);
        }

        @Override
        public void onRequest(long connection, int xid, Request request) {
            if (request instanceof Request.GetData get && get.path().equals("/boom")) {
                throw new IllegalStateException("a bug on /boom");
            }
            server.onRequest(connection, xid, request);
        }

        @Override
        public void onDisconnect(long connection) {
            server.onDisconnect(connection);
        }

        @Override
        public void onTimer(TimerTag tag) {
            server.onTimer(tag);
        }

        @Override
        public ServerConfig config() {
            return server.config();
        }

        @Override
        public DataTree tree() {
            return server.tree();
        }

        @Override
        public long lastZxid() {
            return server.lastZxid();
        }

        @Override
        public List<Session> sessions() {
            return server.sessions();
        }

        @Override
        public WatchManager watches() {
            return server.watches();
        }

        @Override
        public int connectionCount() {
            return server.connectionCount();
        }

        @Override
        public List<LoggedTxn> recentTxns() {
            return server.recentTxns();
        }
    }

    @Test
    void a_server_that_throws_stops_the_runtime_and_says_why() throws Exception {
        BuggyServer buggy = new BuggyServer();
        ServerRuntime runtime = ServerRuntime.start(RuntimeConfig.loopback(buggy.config()), buggy);
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(runtime.connectString(), 4_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(zk.exists("/", false)).isNotNull();

            assertThatThrownBy(() -> zk.getData("/boom", false, null))
                    .isInstanceOf(KeeperException.ConnectionLossException.class);

            await().atMost(Duration.ofSeconds(5)).until(() -> !runtime.isRunning());
            assertThat(runtime.failure()).get().satisfies(cause -> assertThat(cause).hasMessage("a bug on /boom"));
            assertThat(runtime.internalErrorCount()).isEqualTo(1);
            assertThat(runtime.submit(ClientFacingServer::lastZxid)).failsWithin(Duration.ofSeconds(5));
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", runtime.port()), 1_000))
                    .as("the client port is closed").isInstanceOf(IOException.class);
        } finally {
            zk.close(100);
            runtime.close();
        }
    }

    @Test
    void a_runtime_closed_on_request_has_no_failure() throws Exception {
        ServerRuntime runtime = EnsembleServer.standalone(RuntimeConfig.loopback(ServerConfig.withTick(200))).runtime();
        runtime.close();

        assertThat(runtime.isRunning()).isFalse();
        assertThat(runtime.failure()).isEmpty();
        assertThat(runtime.internalErrorCount()).isZero();
    }
}
