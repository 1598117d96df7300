package dev.minizk.simclient;

import dev.minizk.client.ClientRuntime;
import dev.minizk.client.Futures;
import dev.minizk.client.Transport;
import dev.minizk.client.TransportConnection;
import dev.minizk.client.TransportListener;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.sim.ClientMachine;
import dev.minizk.sim.LinkEnd;
import dev.minizk.sim.LinkListener;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.TimerId;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The course's client on a simulated client machine: a {@link ClientRuntime} whose loop, timers
 * and clock are the machine's, and a {@link Transport} over simulated links to the servers of a
 * connect string.
 *
 * <p>Each {@link #open} tries the servers in turn, starting after the one the previous
 * connection started with (so a reconnect moves on), as {@code TcpTransport} does, and reports
 * {@code onClosed} only when every server refused. A server counts as accepting once it has
 * answered: a link closed before any answer moves on to the next server. A crashed or cut-off
 * server's link stalls instead: the client notices by its read timeout, as over TCP.
 */
public final class SimulatedClient implements ClientRuntime, Transport {
    private final Simulator<?> sim;
    private final ClientMachine machine;
    private final List<Integer> servers;
    private int next;

    /** @param servers the connect string: server ids, tried in this order (rotating) */
    public SimulatedClient(Simulator<?> sim, ClientMachine machine, List<Integer> servers) {
        this.sim = Objects.requireNonNull(sim, "sim must not be null");
        this.machine = Objects.requireNonNull(machine, "machine must not be null");
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("a connect string names at least one server");
        }
        if (!sim.nodeIds().containsAll(servers)) {
            throw new IllegalArgumentException("connect string " + servers + " names a server the simulator does not have (servers: "
                    + sim.nodeIds() + ")");
        }
        this.servers = List.copyOf(servers);
    }

    public ClientMachine machine() {
        return machine;
    }

    /** The simulator this client runs in. */
    public Simulator<?> simulator() {
        return sim;
    }

    @Override
    public Transport transport() {
        return this;
    }

    @Override
    public long now() {
        return machine.now();
    }

    @Override
    public void execute(Runnable task) {
        machine.execute(task);
    }

    @Override
    public TimerId schedule(long delayMillis, Runnable task) {
        return machine.schedule(Math.max(0, delayMillis), task);
    }

    @Override
    public void cancel(TimerId timer) {
        machine.cancel(timer);
    }

    @Override
    public void dispatchEvent(Runnable callback) {
        machine.execute(callback);
    }

    /** Runs the whole world (every server and client) until the future completes or time is up. */
    @Override
    public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        Objects.requireNonNull(future, "future must not be null");
        if (!sim.runUntil(future::isDone, timeoutMillis)) {
            throw Futures.timedOut(timeoutMillis);
        }
        return Futures.resultOf(future);
    }

    @Override
    public TransportConnection open(ConnectRequest handshake, TransportListener listener) {
        List<Integer> order = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            order.add(servers.get((next + i) % servers.size()));
        }
        next = (next + 1) % servers.size();
        Connection connection = new Connection(order, handshake, listener);
        connection.tryNext();
        return connection;
    }

    /** One connection: a link to the first server of {@code order} that answers. */
    private final class Connection implements TransportConnection, LinkListener {
        private final List<Integer> order;
        private final ConnectRequest handshake;
        private final TransportListener listener;
        private int tried;
        private LinkEnd link;
        private boolean answered;
        private boolean closed;

        Connection(List<Integer> order, ConnectRequest handshake, TransportListener listener) {
            this.order = order;
            this.handshake = handshake;
            this.listener = listener;
        }

        void tryNext() {
            link = machine.open(order.get(tried++), handshake, this);
        }

        @Override
        public void onMessage(Object message) {
            answered = true;
            listener.onMessage((ServerMessage) message);
        }

        @Override
        public void onClosed() {
            if (!answered && !closed && tried < order.size()) {
                tryNext(); // refused: try the next server of the connect string
                return;
            }
            listener.onClosed();
        }

        @Override
        public void send(int xid, Request request) {
            link.send(new ClientRequest(xid, request));
        }

        @Override
        public void close() {
            closed = true;
            link.close();
        }
    }

    @Override
    public String toString() {
        return "client machine " + machine.name() + " (servers " + servers + ")";
    }
}
