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
 */
final class PeerNetwork {

    private final EventLoop<SimEvent> loop;
    private final Simulator<?> sim;
    private NetworkFaults faults;
    /** Links (from, to) on which nothing gets through; see {@link #link}. */
    private final Set<Long> blockedLinks = new HashSet<>();
    /** Per FIFO link, when its last message arrives: a later message may not arrive before it. */
    private final Map<Long, Long> lastArrivalOnLink = new HashMap<>();

    PeerNetwork(NetworkFaults faults, EventLoop<SimEvent> loop, Simulator<?> sim) {
        this.faults = faults;
        this.loop = loop;
        this.sim = sim;
    }

    /**
     * A message sent now from {@code from} to {@code to}, whose current incarnation is
     * {@code toIncarnation} (negative: there is no such peer): dropped, or delivered once or twice later.
     */
    void send(int from, int to, int toIncarnation, Object message) {
        if (toIncarnation < 0) {
            loop.record(from, Kind.DROP, to, new Dropped("no such peer", message));
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
        long arrival = now + faults.minDelay()
                + (faults.maxDelay() == faults.minDelay() ? 0 : random.nextLong(faults.maxDelay() - faults.minDelay() + 1));
        if (faults.fifo()) {
            long link = link(from, to);
            arrival = Math.max(arrival, lastArrivalOnLink.getOrDefault(link, 0L));
            lastArrivalOnLink.put(link, arrival);
        }
        return arrival;
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
