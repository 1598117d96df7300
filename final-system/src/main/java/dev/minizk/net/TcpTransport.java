package dev.minizk.net;

import dev.minizk.client.Transport;
import dev.minizk.client.TransportConnection;
import dev.minizk.client.TransportListener;
import dev.minizk.proto.ConnectRequest;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The course client's transport over TCP with ZooKeeper's wire format ({@code dev.minizk.wire}).
 * Each {@link #open} makes one {@link TcpConnection}: it tries the servers of the connect string
 * in turn, starting after the one the previous connection used (so a reconnect moves on, as the
 * stock client's host provider does), and reports {@code onClosed} only when none accepted.
 * Listener calls are handed to {@code clientLoop}, the client core's single thread.
 */
public final class TcpTransport implements Transport {
    private final ConnectString servers;
    private final Executor clientLoop;
    private final long connectTimeoutMillis;
    private final Set<TcpConnection> open = ConcurrentHashMap.newKeySet();
    private int next; // touched only on the client loop, where open() is called
    private volatile TcpConnection latest;

    public TcpTransport(ConnectString servers, Executor clientLoop, long connectTimeoutMillis) {
        if (connectTimeoutMillis <= 0) {
            throw new IllegalArgumentException("connectTimeoutMillis must be positive, was " + connectTimeoutMillis);
        }
        this.servers = servers;
        this.clientLoop = clientLoop;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public TransportConnection open(ConnectRequest handshake, TransportListener listener) {
        List<InetSocketAddress> all = servers.servers();
        List<InetSocketAddress> order = new java.util.ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            order.add(all.get((next + i) % all.size()));
        }
        next = (next + 1) % all.size();
        TcpConnection connection = new TcpConnection(order, handshake, listener, clientLoop, connectTimeoutMillis, open::remove);
        open.add(connection);
        latest = connection;
        connection.start();
        return connection;
    }

    public ConnectString servers() {
        return servers;
    }

    /** The local address of the newest connection, or null when it is not connected. */
    public String localHost() {
        TcpConnection current = latest;
        return current == null ? null : current.localHost();
    }

    /** Closes every connection still open (the runtime is shutting down). */
    void closeAll() {
        for (TcpConnection connection : open) {
            connection.close();
        }
    }
}
