package dev.minizk.peer;

import dev.minizk.net.OutboundQueue;
import dev.minizk.net.ServerLoop;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A server's TCP links to the other servers of its ensemble, on its {@link ServerLoop}: one
 * connection per pair, dialed by the server with the higher id (so two servers never race to
 * open two), which redials every {@link #REDIAL_MILLIS} while it is down. Each connection
 * starts with a hello frame (magic, version, the dialer's id); then every frame is a 4-byte
 * length and a {@link PeerCodec} message. Election notifications and Zab's packets share it:
 * a node sends both through one {@code NodeContext.send}.
 *
 * <p>What the simulator's connections promise holds here too: messages on a link arrive in order;
 * when a link breaks, what was in flight on it is lost and the node hears of it
 * ({@code onPeerLinkBroken}), as both ends of a broken TCP connection do. A message to a peer that is not connected is dropped, except
 * the last election notification, kept until the link is up (as ZooKeeper's
 * {@code QuorumCnxManager} keeps one per peer): a server that just started must reach the others
 * with its vote, or it would wait out the election's growing resend interval.
 *
 * <p>Bad input is contained per link: a frame that does not decode, an oversized length, a hello
 * from a stranger close that link with one log line naming the peer and what was wrong. An
 * exception from the node is a bug: it goes to {@link ServerLoop#fail}.
 */
public final class PeerLinks implements ServerLoop.Participant {
    private static final Logger log = LoggerFactory.getLogger(PeerLinks.class);
    static final int HELLO_MAGIC = 0x4d5a4b50; // "MZKP"
    static final int PROTOCOL_VERSION = 1;
    static final long REDIAL_MILLIS = 200;
    /** A dial or a hello that takes longer is given up (a host that drops packets would hold it for minutes). */
    static final long CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Bytes queued to one peer that is not reading; past it the link is closed (the peer reconnects). */
    private static final long MAX_QUEUED_BYTES = 1L << 30;
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Where messages from peers and broken links are reported (the node), on the loop thread. */
    public interface Receiver {
        void onPeerMessage(int from, PeerMessage message);

        /** The link with {@code peer} broke: what was in flight on it is lost (the node's {@code onPeerLinkBroken}). */
        void onPeerLinkBroken(int peer);
    }

    private final ServerLoop loop;
    private final int myId;
    private final Map<Integer, InetSocketAddress> peers;
    private final ServerSocketChannel listener;
    private final Receiver receiver;
    /** Established links by peer id; at most one each. */
    private final Map<Integer, Link> links = new TreeMap<>();
    /** Links without a known peer yet (accepted, waiting for the hello) or still connecting. */
    private final Set<Link> pending = new LinkedHashSet<>();
    private final Set<Link> dirty = new LinkedHashSet<>();
    private final Map<Integer, Long> nextDialAt = new HashMap<>();
    private final Map<Integer, PeerMessage.Election> heldVotes = new HashMap<>();
    /** Peers cut off on purpose (fault injection): no link, nothing sent or taken. */
    private final Set<Integer> cut = new TreeSet<>();
    private final Map<Integer, PeerStats> stats = new TreeMap<>();
    /** The txn whose proposal or inform was encoded last, and its payload ({@link #encoded}). */
    private LoggedTxn lastTxn;
    private Class<?> lastTxnMessageKind;
    private byte[] lastTxnPayload;

    /**
     * @param peers    every other member's quorum address, by id (not this server's)
     * @param listener this server's quorum port, bound already ({@link #listen})
     */
    public PeerLinks(ServerLoop loop, int myId, Map<Integer, InetSocketAddress> peers, ServerSocketChannel listener,
                     Receiver receiver) throws IOException {
        this.loop = loop;
        this.myId = myId;
        this.peers = Map.copyOf(peers);
        this.listener = listener;
        this.receiver = receiver;
        if (peers.containsKey(myId)) {
            throw new IllegalArgumentException("server " + myId + " is among its own peers");
        }
        peers.keySet().forEach(id -> stats.put(id, new PeerStats()));
        listener.configureBlocking(false);
        listener.register(loop.selector(), SelectionKey.OP_ACCEPT, (ServerLoop.SelectionHandler) key -> acceptAll());
    }

    /** Binds a quorum port (port 0: a free one). */
    public static ServerSocketChannel listen(InetSocketAddress address) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen for peers on " + address + ": " + e.getMessage(), e);
        }
        return channel;
    }

    // ------------------------------------------------------------------ sending (loop thread)

    /** Sends a message to a peer; dropped (counted) when the peer is not connected. */
    public void send(int to, PeerMessage message) {
        if (to == myId || !peers.containsKey(to) || cut.contains(to)) {
            return;
        }
        Link link = links.get(to);
        if (link == null) {
            stats.get(to).dropped++;
            if (message instanceof PeerMessage.Election vote) {
                heldVotes.put(to, vote); // the newest vote waits for the link
            }
            return;
        }
        enqueue(link, encoded(message));
        stats.get(to).sent++;
    }

    /**
     * The message's frame payload. A leader sends the same txn to every learner (a proposal, an
     * inform) one after the other: encoded once, its bytes go to each (they are only read).
     */
    private byte[] encoded(PeerMessage message) {
        LoggedTxn txn = message instanceof PeerMessage.Proposal p ? p.txn() : message instanceof PeerMessage.Inform i ? i.txn() : null;
        if (txn == null) {
            return PeerCodec.encode(message);
        }
        if (txn != lastTxn || message.getClass() != lastTxnMessageKind) {
            lastTxn = txn;
            lastTxnMessageKind = message.getClass();
            lastTxnPayload = PeerCodec.encode(message);
        }
        return lastTxnPayload;
    }

    private void enqueue(Link link, byte[] payload) {
        link.outbound.add(ByteBuffer.allocate(Integer.BYTES).putInt(payload.length).flip());
        link.outbound.add(ByteBuffer.wrap(payload)); // its own position over bytes other links may share
        dirty.add(link);
    }

    // ------------------------------------------------------------------ faults (loop thread)

    /** Cuts the links to these peers and keeps them cut until {@link #heal}: a partition. */
    public void cut(Set<Integer> ids) {
        for (int id : ids) {
            if (peers.containsKey(id)) {
                cut.add(id);
                Link link = links.get(id);
                if (link != null) {
                    close(link, "cut on request");
                }
            }
        }
    }

    /** Heals every cut link: the higher id redials at once. */
    public void heal() {
        cut.clear();
        nextDialAt.clear();
    }

    public Set<Integer> cutPeers() {
        return new TreeSet<>(cut);
    }

    // ------------------------------------------------------------------ the loop's participant

    @Override
    public void onReady(SelectionKey key) {
        throw new IllegalStateException("peer sockets carry their own handlers");
    }

    @Override
    public void beforeSelect() {
        closeStalledLinks();
        dialDuePeers();
        flushDirty();
    }

    @Override
    public void afterSelect() {
        flushDirty();
    }

    @Override
    public long maxWaitMillis() {
        long now = ServerLoop.monotonicMillis();
        long wait = -1;
        for (int id : peers.keySet()) {
            if (id < myId && !links.containsKey(id) && !dialing(id) && !cut.contains(id)) {
                long due = Math.max(0, nextDialAt.getOrDefault(id, 0L) - now);
                wait = wait < 0 ? due : Math.min(wait, due);
            }
        }
        if (!pending.isEmpty()) {
            wait = wait < 0 ? CONNECT_TIMEOUT_MILLIS : Math.min(wait, CONNECT_TIMEOUT_MILLIS); // to give up on a stalled one
        }
        return wait;
    }

    @Override
    public void shutdown() {
        for (Link link : new ArrayList<>(links.values())) {
            closeSocket(link);
        }
        for (Link link : new ArrayList<>(pending)) {
            closeSocket(link);
        }
        links.clear();
        pending.clear();
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ dialing and accepting

    private boolean dialing(int id) {
        return pending.stream().anyMatch(l -> l.peer == id);
    }

    private void closeStalledLinks() {
        long now = ServerLoop.monotonicMillis();
        for (Link link : new ArrayList<>(pending)) {
            if (now - link.openedAt > CONNECT_TIMEOUT_MILLIS) {
                close(link, "not up after " + CONNECT_TIMEOUT_MILLIS + " ms");
            }
        }
    }

    /** The higher id dials: this server dials every lower id that has no link. */
    private void dialDuePeers() {
        long now = ServerLoop.monotonicMillis();
        for (Map.Entry<Integer, InetSocketAddress> peer : peers.entrySet()) {
            int id = peer.getKey();
            if (id > myId || links.containsKey(id) || dialing(id) || cut.contains(id) || now < nextDialAt.getOrDefault(id, 0L)) {
                continue;
            }
            nextDialAt.put(id, now + REDIAL_MILLIS);
            dial(id, peer.getValue());
        }
    }

    private void dial(int id, InetSocketAddress address) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Link link = new Link(channel, id, true);
            link.key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, link);
            pending.add(link);
            if (channel.connect(address)) {
                connected(link);
            }
        } catch (IOException e) {
            log.debug("server {}: cannot dial server {} at {}: {}", myId, id, address, e.getMessage());
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
            pending.removeIf(l -> l.channel.socket().isClosed());
        }
    }

    private void connected(Link link) throws IOException {
        link.channel.finishConnect();
        ByteBuffer hello = ByteBuffer.allocate(12).putInt(HELLO_MAGIC).putInt(PROTOCOL_VERSION).putInt(myId).flip();
        link.outbound.add(hello);
        establish(link);
        dirty.add(link);
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                log.warn("server {}: accepting a peer failed: {}", myId, e.getMessage());
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Link link = new Link(channel, 0, false);
                link.key = channel.register(loop.selector(), SelectionKey.OP_READ, link);
                pending.add(link);
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }
    }

    /** The hello of an accepted link: a member with a higher id, speaking this version. */
    private void onHello(Link link, ByteBuffer in) {
        int magic = in.getInt();
        int version = in.getInt();
        int id = in.getInt();
        String problem = magic != HELLO_MAGIC ? "not a minizk peer (hello 0x" + Integer.toHexString(magic) + ")"
                : version != PROTOCOL_VERSION ? "peer protocol version " + version + ", this server speaks " + PROTOCOL_VERSION
                : !peers.containsKey(id) ? "server " + id + " is not a member of this ensemble"
                : id < myId ? "server " + id + " dialed, but a lower id is dialed by the higher one"
                : cut.contains(id) ? "server " + id + " is cut off" : null;
        if (problem != null) {
            close(link, problem);
            return;
        }
        link.peer = id;
        Link old = links.get(id);
        if (old != null) {
            close(old, "server " + id + " connected again"); // it restarted: the old socket is dead
        }
        establish(link);
    }

    private void establish(Link link) {
        pending.remove(link);
        link.established = true;
        links.put(link.peer, link);
        stats.get(link.peer).connects++;
        log.info("server {}: linked with server {} ({})", myId, link.peer, link.dialed ? "dialed" : "accepted");
        PeerMessage.Election vote = heldVotes.remove(link.peer);
        if (vote != null) {
            enqueue(link, PeerCodec.encode(vote));
        }
        link.key.interestOps(SelectionKey.OP_READ);
    }

    // ------------------------------------------------------------------ one link

    private final class Link implements ServerLoop.SelectionHandler {
        final SocketChannel channel;
        final boolean dialed;
        final long openedAt = ServerLoop.monotonicMillis();
        int peer;
        SelectionKey key;
        boolean established;
        boolean closed;
        ByteBuffer inbound = ByteBuffer.allocate(INITIAL_BUFFER);
        final OutboundQueue outbound = new OutboundQueue();

        Link(SocketChannel channel, int peer, boolean dialed) {
            this.channel = channel;
            this.peer = peer;
            this.dialed = dialed;
        }

        @Override
        public void onReady(SelectionKey selected) {
            try {
                if (selected.isConnectable()) {
                    connected(this);
                    return;
                }
                if (selected.isReadable()) {
                    read();
                }
                if (!closed && selected.isValid() && selected.isWritable()) {
                    flush(this);
                }
            } catch (IOException e) {
                close(this, e.getMessage());
            }
        }

        private void read() throws IOException {
            if (channel.read(inbound) < 0) {
                close(this, "closed by the peer");
                return;
            }
            inbound.flip();
            try {
                while (!closed && loop.isRunning()) {
                    if (!established) {
                        if (inbound.remaining() < 12) {
                            break;
                        }
                        onHello(this, inbound);
                        continue;
                    }
                    if (inbound.remaining() < Integer.BYTES) {
                        break;
                    }
                    int length = inbound.getInt(inbound.position());
                    if (length <= 0 || length > PeerCodec.MAX_FRAME_BYTES) {
                        close(this, "bad frame: length " + length + " is outside 1.." + PeerCodec.MAX_FRAME_BYTES);
                        return;
                    }
                    if (inbound.remaining() < Integer.BYTES + length) {
                        growFor(length);
                        break;
                    }
                    inbound.getInt();
                    byte[] payload = new byte[length];
                    inbound.get(payload);
                    deliver(payload);
                }
            } finally {
                if (!closed) {
                    inbound.compact();
                }
            }
        }

        private void growFor(int length) {
            int needed = Integer.BYTES + length;
            if (inbound.capacity() < needed) {
                ByteBuffer bigger = ByteBuffer.allocate(needed);
                bigger.put(inbound);
                bigger.flip();
                inbound = bigger;
            }
        }

        private void deliver(byte[] payload) {
            PeerMessage message;
            try {
                message = PeerCodec.decode(payload);
            } catch (PeerFrameException e) {
                close(this, "bad frame: " + e.getMessage());
                return;
            }
            stats.get(peer).received++;
            try {
                receiver.onPeerMessage(peer, message);
            } catch (RuntimeException e) {
                loop.fail("the server threw on " + message + " from server " + peer, e);
            }
        }
    }

    // ------------------------------------------------------------------ writing and closing

    private void flushDirty() {
        while (!dirty.isEmpty()) {
            List<Link> batch = new ArrayList<>(dirty);
            dirty.clear();
            for (Link link : batch) {
                if (!link.closed) {
                    flush(link);
                }
            }
        }
    }

    private void flush(Link link) {
        try {
            link.outbound.writeTo(link.channel);
        } catch (IOException e) {
            close(link, "write failed: " + e.getMessage());
            return;
        }
        if (link.outbound.queuedBytes() > MAX_QUEUED_BYTES) {
            close(link, "more than " + MAX_QUEUED_BYTES + " bytes queued; the peer is not reading");
            return;
        }
        int ops = link.outbound.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (link.key.isValid() && link.key.interestOps() != ops) {
            link.key.interestOps(ops);
        }
    }

    private void close(Link link, String reason) {
        if (link.closed) {
            return;
        }
        String who = link.peer == 0 ? String.valueOf(link.channel.socket().getRemoteSocketAddress()) : "server " + link.peer;
        if (link.established) {
            log.info("server {}: link with {} closed: {}", myId, who, reason);
        } else {
            log.debug("server {}: link with {} closed before it was up: {}", myId, who, reason);
        }
        closeSocket(link);
        pending.remove(link);
        dirty.remove(link);
        if (link.established && links.get(link.peer) == link) {
            links.remove(link.peer);
            if (loop.isRunning()) {
                try {
                    receiver.onPeerLinkBroken(link.peer);
                } catch (RuntimeException e) {
                    loop.fail("the server threw when its link with server " + link.peer + " broke", e);
                }
            }
        }
    }

    private static void closeSocket(Link link) {
        link.closed = true;
        if (link.key != null) {
            link.key.cancel();
        }
        try {
            link.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ for the status page and tests (loop thread)

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.socket().getLocalSocketAddress();
    }

    /** The peers linked now. */
    public Set<Integer> connected() {
        return new TreeSet<>(links.keySet());
    }

    /** Per peer: links made, messages sent, received and dropped (no link). */
    public Map<Integer, PeerStats> stats() {
        Map<Integer, PeerStats> copy = new TreeMap<>();
        stats.forEach((id, s) -> copy.put(id, s.copy()));
        return copy;
    }

    /** Counters of one peer's link. */
    public static final class PeerStats {
        long connects;
        long sent;
        long received;
        long dropped;

        PeerStats copy() {
            PeerStats c = new PeerStats();
            c.connects = connects;
            c.sent = sent;
            c.received = received;
            c.dropped = dropped;
            return c;
        }

        public long connects() {
            return connects;
        }

        public long sent() {
            return sent;
        }

        public long received() {
            return received;
        }

        public long dropped() {
            return dropped;
        }
    }
}
