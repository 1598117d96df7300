package dev.minizk.conformance;

import dev.minizk.ensemble.EnsembleServer;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.net.ServerRuntime;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.ClientFacingServer;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real minizk server on a free loopback port for one test class, and stock ZooKeeper
 * clients connected to it. Closing it closes the clients, then the server.
 */
public final class TestServer implements AutoCloseable {
    /** Short ticks keep expiry tests fast: sessions may last 400 ms .. 4 s. */
    public static final int TICK = 200;

    public final ServerRuntime runtime;
    private final List<ZooKeeper> clients = new ArrayList<>();

    private TestServer(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    public static TestServer start() {
        return start(ServerConfig.withTick(TICK));
    }

    public static TestServer start(ServerConfig config) {
        try {
            return new TestServer(EnsembleServer.standalone(RuntimeConfig.loopback(config)).runtime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return runtime.port();
    }

    public String connectString() {
        return runtime.connectString();
    }

    /** A connected client with the longest session the server allows. */
    public ZooKeeper client() {
        return client(connectString(), 20 * TICK, event -> {
        });
    }

    /** A client of {@code connectString} (the server, or a proxy in front of it), once connected. */
    public ZooKeeper client(String connectString, int timeout, Watcher watcher) {
        CountDownLatch connected = new CountDownLatch(1);
        try {
            ZooKeeper zk = new ZooKeeper(connectString, timeout, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
                watcher.process(event);
            });
            clients.add(zk);
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("client did not connect to " + connectString);
            }
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Tracks a client made elsewhere so that {@link #close()} closes it. */
    public ZooKeeper track(ZooKeeper zk) {
        clients.add(zk);
        return zk;
    }

    /** Reads the server's state on its loop thread. */
    public <T> T query(Function<ClientFacingServer, T> query) {
        return runtime.submit(query).orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        for (ZooKeeper zk : clients) {
            try {
                zk.close(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runtime.close();
    }

    /** A watcher that remembers every event, for polling asserts. */
    public static final class Events implements Watcher {
        private final List<WatchedEvent> events = new ArrayList<>();

        @Override
        public synchronized void process(WatchedEvent event) {
            events.add(event);
        }

        public synchronized List<WatchedEvent> all() {
            return new ArrayList<>(events);
        }

        /** Node events only (type and path), as "NodeCreated /a". */
        public synchronized List<String> nodeEvents() {
            List<String> out = new ArrayList<>();
            for (WatchedEvent e : events) {
                if (e.getType() != Event.EventType.None) {
                    out.add(e.getType() + " " + e.getPath());
                }
            }
            return out;
        }

        public synchronized List<Event.KeeperState> states() {
            List<Event.KeeperState> out = new ArrayList<>();
            for (WatchedEvent e : events) {
                if (e.getType() == Event.EventType.None) {
                    out.add(e.getState());
                }
            }
            return out;
        }

        public synchronized void clear() {
            events.clear();
        }
    }
}
