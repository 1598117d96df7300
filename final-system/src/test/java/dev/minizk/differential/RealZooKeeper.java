package dev.minizk.differential;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real ZooKeeper 3.9.5 standalone server in this JVM, on a free loopback port, with its data in
 * a temporary folder that {@link #close} deletes. No AdminServer (its Jetty would clash with
 * Javalin's) and no container reaper: the same server {@code ZooKeeperServerMain} builds, minus
 * the extras. {@code forceSync=no}: minizk keeps everything in memory until stage 05, so a fair
 * comparison does not make ZooKeeper wait for the disk either.
 */
public final class RealZooKeeper implements AutoCloseable {
    private final Path dataDir;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory factory;

    private RealZooKeeper(Path dataDir, ZooKeeperServer server, ServerCnxnFactory factory) {
        this.dataDir = dataDir;
        this.server = server;
        this.factory = factory;
    }

    /** Starts a server with this tick time; returns once it serves. */
    public static RealZooKeeper start(int tickTime) {
        System.setProperty("zookeeper.forceSync", "no");
        System.setProperty("zookeeper.admin.enableServer", "false");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("minizk-real-zk-");
            ZooKeeperServer server = new ZooKeeperServer(dir.resolve("snap").toFile(), dir.resolve("log").toFile(), tickTime);
            ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 1_000);
            factory.startup(server);
            return new RealZooKeeper(dir, server, factory);
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(dir);
            throw new IllegalStateException("interrupted while starting ZooKeeper", e);
        }
    }

    public int port() {
        return factory.getLocalPort();
    }

    public String connectString() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        factory.shutdown();
        server.shutdown();
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
