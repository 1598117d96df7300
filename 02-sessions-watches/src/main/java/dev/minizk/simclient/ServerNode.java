package dev.minizk.simclient;

import dev.minizk.proto.ConnectRequest;
import dev.minizk.proto.ServerMessage;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.server.ServerContext;
import dev.minizk.sim.LinkAcceptor;
import dev.minizk.sim.LinkEnd;
import dev.minizk.sim.Node;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client-facing server (the standalone server; later a replica) as a simulated node: client
 * links are its connections (a link's id is the connection id), its timers are the node's, its
 * clock is the host's. It exchanges no
 * messages with peers (a standalone server has none), so {@code M} is whatever family the
 * simulator's other nodes use.
 */
public final class ServerNode<M> implements Node<M>, LinkAcceptor {

    private final ClientFacingServer server;
    private final String clientAddress;
    private final Map<Long, LinkEnd> connections = new LinkedHashMap<>();
    private final Map<Long, Long> sessionOfConnection = new HashMap<>();
    private NodeContext<M> ctx;

    /** @param clientAddress the address every client connection has (for ip ACLs), unless its link knows its own */
    public ServerNode(ClientFacingServer server, String clientAddress) {
        this.server = server;
        this.clientAddress = clientAddress;
    }

    public ClientFacingServer server() {
        return server;
    }

    @Override
    public void start(NodeContext<M> context) {
        this.ctx = context;
        server.start(new Context());
    }

    @Override
    public void onMessage(int from, M message) {
        ctx.trace("a standalone server has no peers; ignored from " + from + ": " + message);
    }

    @Override
    public void onTimer(TimerTag tag) {
        server.onTimer(tag); // the server's own tags (ServerTimer): the server and the simulator share the timer API
    }

    @Override
    public void onLinkOpened(LinkEnd link, Object hello) {
        connections.put(link.linkId(), link);
        String address = link.remoteAddress() != null ? link.remoteAddress() : clientAddress;
        server.onConnect(link.linkId(), address, (ConnectRequest) hello);
    }

    @Override
    public void onLinkMessage(LinkEnd link, Object message) {
        ClientRequest request = (ClientRequest) message;
        server.onRequest(link.linkId(), request.xid(), request.request());
    }

    @Override
    public void onLinkClosed(LinkEnd link) {
        connections.remove(link.linkId());
        sessionOfConnection.remove(link.linkId());
        server.onDisconnect(link.linkId());
    }

    /** The connections (link ids) that carry this session. */
    public List<Long> connectionsOf(long sessionId) {
        List<Long> ids = new ArrayList<>();
        sessionOfConnection.forEach((connection, session) -> {
            if (session == sessionId) {
                ids.add(connection);
            }
        });
        return ids;
    }

    /** What the server may do, through the node's context. */
    private final class Context implements ServerContext {
        @Override
        public long now() {
            return ctx.now();
        }

        @Override
        public void send(long connection, ServerMessage message) {
            LinkEnd link = connections.get(connection);
            if (link == null) {
                return; // the connection is gone: the message is lost
            }
            if (message instanceof ServerMessage.Connected connected) {
                sessionOfConnection.put(connection, connected.response().sessionId());
            }
            link.send(message);
        }

        @Override
        public void close(long connection) {
            LinkEnd link = connections.remove(connection);
            sessionOfConnection.remove(connection);
            if (link != null) {
                link.close();
            }
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            return ctx.setTimer(delayMillis, tag);
        }

        @Override
        public void cancelTimer(TimerId timer) {
            ctx.cancelTimer(timer);
        }
    }
}
