package dev.minizk.net;

import dev.minizk.client.TransportConnection;
import dev.minizk.client.TransportListener;
import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.Xid;
import dev.minizk.wire.ConnectCodec;
import dev.minizk.wire.Frames;
import dev.minizk.wire.MalformedFrameException;
import dev.minizk.wire.RequestCodec;
import dev.minizk.wire.ServerMessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One TCP connection of the course client. Two threads of its own, so that the client loop never
 * blocks on a socket: a reader that connects, then reads frames and decodes them, and a writer
 * that drains the queue of encoded frames (batching whatever queued up into one flush). Every
 * decoded message and the final {@code onClosed} go to the client loop, never called directly.
 *
 * <p>A reply carries only its xid, and its body's shape depends on the request's op code, so
 * {@link #send} remembers the op code of every outstanding xid. Pings (-2) and auth (-4) have
 * fixed xids; ZooKeeper answers auth outside the request pipeline, so they are not looked up by
 * position but by xid.
 */
final class TcpConnection implements TransportConnection {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final byte[] END = new byte[0]; // wakes the writer when the connection closes

    private final List<InetSocketAddress> servers;
    private final TransportListener listener;
    private final Executor clientLoop;
    private final int connectTimeoutMillis;
    private final Consumer<TcpConnection> onEnd;
    private final BlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
    private final Map<Integer, Integer> opCodeByXid = new ConcurrentHashMap<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread reader;
    private volatile boolean closedByClient;
    private volatile Socket socket;
    private volatile InetSocketAddress connectedTo;

    TcpConnection(List<InetSocketAddress> servers, ConnectRequest handshake, TransportListener listener,
                  Executor clientLoop, long connectTimeoutMillis, Consumer<TcpConnection> onEnd) {
        this.servers = servers;
        this.listener = listener;
        this.clientLoop = clientLoop;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis);
        this.onEnd = onEnd;
        // The stock client sends the readOnly byte; servers of every version accept it.
        outgoing.add(ConnectCodec.encodeRequest(handshake, true));
        this.reader = new Thread(this::readLoop, "minizk-client-io-" + NUMBER.incrementAndGet());
        reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** The server this connection reached, or null while connecting or if none answered. */
    InetSocketAddress connectedTo() {
        return connectedTo;
    }

    /** This end's address as the server sees it on loopback or a LAN (the server's {@code ip} identity), or null. */
    String localHost() {
        Socket current = socket;
        return current == null || !current.isConnected() ? null : current.getLocalAddress().getHostAddress();
    }

    @Override
    public void send(int xid, Request request) {
        if (ended.get()) {
            return; // the core learns of the loss through onClosed
        }
        if (xid != Xid.PING && xid != Xid.AUTH) {
            opCodeByXid.put(xid, request.opCode());
        }
        outgoing.add(RequestCodec.encode(xid, request));
    }

    @Override
    public void close() {
        closedByClient = true;
        end(null);
    }

    // ------------------------------------------------------------------ reader thread

    private void readLoop() {
        Socket connected = connect();
        if (connected == null) {
            end("no server of " + servers + " accepted a connection");
            return;
        }
        Thread writer = new Thread(() -> writeLoop(connected), reader.getName() + "-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(connected.getInputStream(), 64 * 1024));
            ServerMessage first = new ServerMessage.Connected(ConnectCodec.decodeResponse(readFrame(in)));
            deliver(first);
            while (!ended.get()) {
                deliver(decode(readFrame(in)));
            }
        } catch (IOException | MalformedFrameException e) {
            end(e.getMessage());
        }
    }

    private Socket connect() {
        for (InetSocketAddress server : servers) {
            if (ended.get()) {
                return null;
            }
            Socket attempt = new Socket();
            socket = attempt;
            try {
                InetSocketAddress resolved = new InetSocketAddress(server.getHostString(), server.getPort());
                attempt.connect(resolved, connectTimeoutMillis);
                attempt.setTcpNoDelay(true);
                connectedTo = resolved;
                if (ended.get()) { // closed while connecting
                    attempt.close();
                    return null;
                }
                return attempt;
            } catch (IOException | IllegalArgumentException e) {
                log.debug("cannot connect to {}: {}", server, e.toString());
                closeQuietly(attempt);
            }
        }
        return null;
    }

    private static ByteBuffer readFrame(DataInputStream in) throws IOException, MalformedFrameException {
        int length = in.readInt();
        if (!Frames.isValidLength(length)) {
            throw new MalformedFrameException("frame length " + length + " is outside 0.." + Frames.MAX_FRAME_LENGTH);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    private ServerMessage decode(ByteBuffer payload) throws MalformedFrameException {
        int xid = ServerMessageCodec.peekXid(payload);
        int opCode;
        if (xid == Xid.PING) {
            opCode = OpCode.PING;
        } else if (xid == Xid.AUTH) {
            opCode = OpCode.AUTH;
        } else if (xid == Xid.NOTIFICATION) {
            opCode = OpCode.NOTIFICATION;
        } else {
            Integer sent = opCodeByXid.remove(xid);
            opCode = sent == null ? OpCode.ERROR : sent; // an unknown xid: the core drops the connection
        }
        return ServerMessageCodec.decode(payload, opCode);
    }

    private void deliver(ServerMessage message) {
        clientLoop.execute(() -> {
            if (!closedByClient) {
                listener.onMessage(message);
            }
        });
    }

    // ------------------------------------------------------------------ writer thread

    private void writeLoop(Socket connected) {
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(connected.getOutputStream(), 64 * 1024));
            while (true) {
                byte[] frame = outgoing.take();
                do {
                    if (frame == END) {
                        return;
                    }
                    out.writeInt(frame.length);
                    out.write(frame);
                    frame = outgoing.poll();
                } while (frame != null);
                out.flush();
            }
        } catch (IOException e) {
            end(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the end

    /** Ends the connection once; tells the client unless the client itself closed it. */
    private void end(String why) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        outgoing.add(END);
        Socket current = socket;
        if (current != null) {
            closeQuietly(current);
        }
        onEnd.accept(this);
        if (!closedByClient) {
            log.debug("connection to {} ended: {}", connectedTo, why);
            clientLoop.execute(() -> {
                if (!closedByClient) {
                    listener.onClosed();
                }
            });
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is abandoned either way
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + (connectedTo == null ? servers : connectedTo) + (ended.get() ? ", ended" : "") + "]";
    }
}
