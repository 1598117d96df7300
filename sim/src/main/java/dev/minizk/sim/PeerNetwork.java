package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network between servers and its faults: which links are blocked (partitions and one-way
 * cuts), and how the {@link NetworkFaults} in force treat each message (delay, loss,
 * duplication, order). It decides the fate of each message sent and schedules its deliveries;
 * all the network's state is here, in plain fields.
 *
 * <p>With {@link NetworkFaults#connections} each pair of servers talks over one connection at a
 * time, numbered by generation. Whatever loses a message breaks the pair's connection: its
 * generation goes up, messages in flight on the old one are dropped when they come up, and each
 * live end is told ({@link SimEvent.PeerLinkBroken}) after a drawn delay. Until it is told, an
 * end still writes on the old connection and loses what it writes, as on a dead TCP socket.
 */
final class PeerNetwork {

    private final EventLoop<SimEvent> loop;
    private final Simulator<?> sim;
    private NetworkFaults faults;
    /** Links (from, to) on which nothing gets through; see {@link #link}. */
    private final Set<Long> blockedLinks = new HashSet<>();
    /** Per FIFO link, when its last message arrives: a later message may not arrive before it. */
    private final Map<Long, Long> lastArrivalOnLink = new HashMap<>();
    /** With connections: per pair of servers ({@link #pair}), the generation of its current connection (absent: 0). */
    private final Map<Long, Long> connectionOfPair = new HashMap<>();
    /** With connections: per link (from, to), the connection the sender writes on; behind the pair's until the sender learns of the break. */
    private final Map<Long, Long> writerConnection = new HashMap<>();

    PeerNetwork(NetworkFaults faults, EventLoop<SimEvent> loop, Simulator<?> sim) {
        this.faults = faults;
        this.loop = loop;
        this.sim = sim;
    }

    /**
     * A message sent now from {@code from} to {@code to}, whose current incarnation is
     * {@code toIncarnation} (negative: there is no such peer): dropped, or delivered once or twice later.
     */
    void send(int from, int to, int toIncarnation, boolean toUp, Object message) {
        if (toIncarnation < 0) {
            loop.record(from, Kind.DROP, to, new Dropped("no such peer", message));
            return;
        }
        if (faults.connections()) {
            sendOnConnection(from, to, toIncarnation, toUp, message);
            return;
        }
        if (isBlocked(from, to)) {
            loop.record(from, Kind.DROP, to, new Dropped("partitioned", message));
            return;
        }
        Random random = loop.random();
        if (lose(random)) {
            loop.record(from, Kind.DROP, to, new Dropped("lost", message));
            return;
        }
        loop.record(from, Kind.SEND, to, message);
        int copies = copies(random);
        for (int i = 0; i < copies; i++) {
            sim.schedule(arrival(from, to, loop.now(), random), new SimEvent.Delivery(from, to, message, toIncarnation, false));
        }
    }

    /** {@link #send} over a connection: a message that cannot get through breaks it. */
    private void sendOnConnection(int from, int to, int toIncarnation, boolean toUp, Object message) {
        long connection = connection(from, to);
        if (writerConnection.getOrDefault(link(from, to), 0L) != connection) {
            loop.record(from, Kind.DROP, to, new Dropped("connection broken, not noticed yet", message));
            return;
        }
        Random random = loop.random();
        String fault = !toUp ? "receiver down" : isBlocked(from, to) ? "partitioned" : lose(random) ? "lost" : null;
        if (fault != null) {
            loop.record(from, Kind.DROP, to, new Dropped(fault + ", connection broken", message));
            breakConnection(from, to, fault);
            return;
        }
        loop.record(from, Kind.SEND, to, message);
        int copies = copies(random);
        for (int i = 0; i < copies; i++) {
            sim.schedule(arrival(from, to, loop.now(), random), new SimEvent.Delivery(from, to, message, toIncarnation, false, connection));
        }
    }

    /**
     * Is a message that is due now lost after all: its connection broke while it travelled, or a
     * partition or cut came up meanwhile (which breaks its connection)? Records the drop.
     */
    boolean lostInFlight(SimEvent.Delivery d) {
        boolean onConnection = d.connection() != SimEvent.Delivery.NO_CONNECTION;
        if (onConnection && d.connection() != connection(d.from(), d.to())) {
            loop.record(d.from(), Kind.DROP, d.to(), new Dropped("its connection broke in flight", d.message()));
            return true;
        }
        if (isBlocked(d.from(), d.to())) {
            loop.record(d.from(), Kind.DROP, d.to(), new Dropped("partitioned in flight", d.message()));
            if (onConnection) {
                breakConnection(d.from(), d.to(), "partitioned");
            }
            return true;
        }
        return false;
    }

    /** A search chose to lose {@code d} in flight: on its (still current) connection, that breaks it. */
    void droppedInFlight(SimEvent.Delivery d) {
        if (d.connection() != SimEvent.Delivery.NO_CONNECTION && d.connection() == connection(d.from(), d.to())) {
            breakConnection(d.from(), d.to(), "lost");
        }
    }

    /** With connections: a crashed server's connections break; each live peer learns it. */
    void crashed(int id, Set<Integer> nodes) {
        if (faults.connections()) {
            for (int peer : nodes) {
                if (peer != id) {
                    breakConnection(id, peer, "n" + id + " crashed");
                }
            }
        }
    }

    /** A restarted server holds no old connection: it writes on each pair's current one. */
    void restarted(int id, Set<Integer> nodes) {
        for (int peer : nodes) {
            writerConnection.put(link(id, peer), connection(id, peer));
        }
    }

    /** {@code e.node()} learned that its connection to {@code e.peer()} broke: it writes on a new one from now on. */
    void noticed(SimEvent.PeerLinkBroken e) {
        writerConnection.merge(link(e.node(), e.peer()), e.connection() + 1, Math::max);
    }

    /**
     * Breaks the current connection between {@code a} and {@code b}: what is in flight on it is
     * lost, and each live end learns it after a drawn delay. A later message of the peer on the
     * new connection never overtakes that notice (it is FIFO with the connection's traffic).
     */
    private void breakConnection(int a, int b, String why) {
        long pair = pair(a, b);
        long broken = connectionOfPair.getOrDefault(pair, 0L);
        connectionOfPair.put(pair, broken + 1);
        tellBroken(a, b, broken, why);
        tellBroken(b, a, broken, why);
    }

    private void tellBroken(int node, int peer, long connection, String why) {
        int incarnation = sim.liveIncarnation(node);
        if (incarnation < 0) {
            return;
        }
        long at = loop.now() + drawDelay(loop.random());
        lastArrivalOnLink.merge(link(peer, node), at, Math::max);
        sim.schedule(at, new SimEvent.PeerLinkBroken(node, incarnation, peer, connection, why));
    }

    private long connection(int a, int b) {
        return connectionOfPair.getOrDefault(pair(a, b), 0L);
    }

    NetworkFaults faults() {
        return faults;
    }

    void setFaults(NetworkFaults faults) {
        this.faults = faults;
    }

    boolean isBlocked(int from, int to) {
        return blockedLinks.contains(link(from, to));
    }

    int blockedLinkCount() {
        return blockedLinks.size();
    }

    /**
     * Splits {@code nodes} into the partition's groups (both directions blocked between groups),
     * replacing any earlier partition and cut. Every node must be in exactly one group.
     */
    void partition(Fault.Partition partition, Set<Integer> nodes) {
        Map<Integer, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < partition.groups().size(); g++) {
            for (int id : partition.groups().get(g)) {
                if (!nodes.contains(id)) {
                    throw new IllegalArgumentException("no node " + id + " (nodes: " + new TreeSet<>(nodes) + ")");
                }
                if (groupOf.put(id, g) != null) {
                    throw new IllegalArgumentException("node " + id + " is in two groups of " + partition);
                }
            }
        }
        Set<Integer> missing = new TreeSet<>(nodes);
        missing.removeAll(groupOf.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(partition + " leaves out nodes " + missing + ": name every node in one group");
        }
        blockedLinks.clear();
        for (int a : nodes) {
            for (int b : nodes) {
                if (!groupOf.get(a).equals(groupOf.get(b))) {
                    blockedLinks.add(link(a, b));
                }
            }
        }
    }

    void cut(int from, int to) {
        blockedLinks.add(link(from, to));
    }

    void heal() {
        blockedLinks.clear();
    }

    /** Is this message lost (drawn with the loss rate)? */
    private boolean lose(Random random) {
        return faults.lossRate() > 0 && random.nextDouble() < faults.lossRate();
    }

    /** How many copies of a message that is not lost arrive: 2 with the duplicate rate, else 1. */
    private int copies(Random random) {
        return faults.duplicateRate() > 0 && random.nextDouble() < faults.duplicateRate() ? 2 : 1;
    }

    /** When one copy sent now on (from, to) arrives: a drawn delay, never before the link's last one if FIFO. */
    private long arrival(int from, int to, long now, Random random) {
        long arrival = now + drawDelay(random);
        if (faults.fifo()) {
            long link = link(from, to);
            arrival = Math.max(arrival, lastArrivalOnLink.getOrDefault(link, 0L));
            lastArrivalOnLink.put(link, arrival);
        }
        return arrival;
    }

    private long drawDelay(Random random) {
        return faults.minDelay() + (faults.maxDelay() == faults.minDelay() ? 0 : random.nextLong(faults.maxDelay() - faults.minDelay() + 1));
    }

    /** One key for both directions between two servers. */
    private static long pair(int a, int b) {
        return link(Math.min(a, b), Math.max(a, b));
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
