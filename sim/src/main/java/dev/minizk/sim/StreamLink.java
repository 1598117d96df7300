package dev.minizk.sim;

/**
 * A connection between a client machine and a server host, as TCP gives one: FIFO both ways,
 * nothing lost while it works. It fails in two ways, as TCP does. Closed: one end closes it (or
 * the scenario drops it) and the other end is told. Stalled: the server crashed or the client
 * is cut off; from then on nothing gets through in either direction and nobody is told, so a
 * client notices only by its own read timeout. A stalled link stays dead after a heal or a
 * restart, as a timed-out TCP connection does.
 *
 * <p>Plain fields only, like the rest of the world's state; {@link ClientLinks} changes them.
 */
final class StreamLink {
    final long id;
    final ClientMachine client;
    final int server;
    final int serverIncarnation;
    final LinkListener listener;
    final LinkEnd clientEnd;
    final LinkEnd serverEnd;
    /**
     * The server's node, once it accepted the link. While the link is not stalled that node is
     * live: a crash stalls every link of the host, and a restart does not revive them.
     */
    LinkAcceptor acceptor;
    boolean clientOpen = true;
    boolean serverOpen;
    boolean stalled;
    /** Refused when opened (server down, not serving clients, or the client cut off). */
    boolean refused;
    /** Close events of a dropped link still on their way to its ends. */
    int dropNoticesPending;
    /** When the last message in each direction arrives: the next may not arrive earlier (FIFO). */
    long lastArrivalToServer;
    long lastArrivalToClient;

    StreamLink(long id, ClientMachine client, int server, int serverIncarnation, LinkListener listener, ClientLinks links) {
        this.id = id;
        this.client = client;
        this.server = server;
        this.serverIncarnation = serverIncarnation;
        this.listener = listener;
        this.clientEnd = new End(links, true);
        this.serverEnd = new End(links, false);
    }

    /** "c1/3": the client's name and the link's id, as the timeline prints it. */
    String name() {
        return client.name() + "/" + id;
    }

    private final class End implements LinkEnd {
        private final ClientLinks links;
        private final boolean clientSide;

        End(ClientLinks links, boolean clientSide) {
            this.links = links;
            this.clientSide = clientSide;
        }

        @Override
        public long linkId() {
            return id;
        }

        @Override
        public void send(Object message) {
            links.send(StreamLink.this, clientSide, message);
        }

        @Override
        public void close() {
            links.close(StreamLink.this, clientSide);
        }

        @Override
        public String toString() {
            return (clientSide ? "client end of " : "server end of ") + name();
        }
    }
}
