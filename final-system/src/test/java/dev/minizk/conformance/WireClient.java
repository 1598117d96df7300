package dev.minizk.conformance;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ConnectResponse;
import dev.minizk.proto.OpCode;
import dev.minizk.proto.Request;
import dev.minizk.proto.ServerMessage;
import dev.minizk.proto.Xid;
import dev.minizk.wire.ConnectCodec;
import dev.minizk.wire.MalformedFrameException;
import dev.minizk.wire.RequestCodec;
import dev.minizk.wire.ServerMessageCodec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw-socket client built on minizk's own codec: for what the stock client cannot send
 * (bad flags, empty ACLs, ancient handshakes) and for reading the exact frames and zxids the
 * server sends. Blocking, with a read timeout so that no test can hang on it.
 */
public final class WireClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Map<Integer, Integer> opOfXid = new HashMap<>();
    private int nextXid = 1;
    public final List<ServerMessage.Notification> notifications = new ArrayList<>();

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    public static WireClient open(int port) {
        try {
            return new WireClient(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a connection and starts a new session with this timeout. */
    public static WireClient session(int port, int timeout) {
        WireClient client = open(port);
        ConnectResponse response = client.handshake(ConnectRequest.newSession(timeout), true);
        if (!response.isValid()) {
            throw new AssertionError("handshake refused: " + response);
        }
        client.sessionId = response.sessionId();
        client.password = response.password();
        return client;
    }

    public long sessionId;
    /** Bytes {@link #closedByServer()} skipped before the end of the stream. */
    public int bytesBeforeClose;
    public byte[] password;

    public ConnectResponse handshake(ConnectRequest request, boolean withReadOnlyByte) {
        writeFrame(ConnectCodec.encodeRequest(request, withReadOnlyByte));
        try {
            return ConnectCodec.decodeResponse(ByteBuffer.wrap(readFrame()));
        } catch (MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }

    public void writeFrame(byte[] payload) {
        try {
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] readFrame() {
        try {
            int length = in.readInt();
            byte[] payload = new byte[length];
            in.readFully(payload);
            return payload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request with the next xid (or the reserved one for ping and auth); returns the xid. */
    public int send(Request request) {
        int xid = request instanceof Request.Ping ? Xid.PING
                : request instanceof Request.Auth ? Xid.AUTH : nextXid++;
        opOfXid.put(xid, request.opCode());
        writeFrame(RequestCodec.encode(xid, request));
        return xid;
    }

    /** The next message from the server. */
    public ServerMessage read() {
        byte[] payload = readFrame();
        try {
            int xid = ServerMessageCodec.peekXid(ByteBuffer.wrap(payload));
            Integer op = opOfXid.remove(xid);
            return ServerMessageCodec.decode(ByteBuffer.wrap(payload), op == null ? OpCode.ERROR : op);
        } catch (MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a request and reads up to its reply; notifications on the way go to {@link #notifications}. */
    public ServerMessage.Reply call(Request request) {
        int xid = send(request);
        while (true) {
            ServerMessage message = read();
            if (message instanceof ServerMessage.Notification n) {
                notifications.add(n);
            } else if (message instanceof ServerMessage.Reply reply && reply.xid() == xid) {
                return reply;
            }
        }
    }

    /** Whether the server closes the connection within the read timeout (EOF or reset). */
    public boolean closedByServer() {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
                bytesBeforeClose++;
            }
        } catch (EOFException | SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
