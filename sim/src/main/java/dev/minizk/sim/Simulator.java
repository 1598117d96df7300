package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs an ensemble of {@link Node}s on one thread and a virtual clock. Every choice the world
 * makes (how long a message takes, whether it is lost or duplicated, how far a node's clock is
 * off, how long a disk sync takes, what a crash tears) comes from one {@link Random} seeded
 * with the run's seed, so a run is a pure function of (seed, scenario): replaying a seed
 * replays every event in the same order.
 *
 * <p>Events wait in a queue ordered by (virtual time, sequence number); {@link #step} takes
 * the first, advances the clock to it and hands it to its node. Scenarios read as a script:
 *
 * <pre>{@code
 * var sim = new Simulator<Notification>(seed, SimConfig.reliable());
 * for (int id = 1; id <= 3; id++) sim.addNode(id, factory);
 * sim.runUntil(() -> leaderElected(), 5_000);
 * sim.partition(Set.of(1, 2), Set.of(3));
 * sim.runFor(1_000);
 * sim.heal();
 * }</pre>
 *
 * @param <M> the message family of the nodes
 */
public final class Simulator<M> {

    /** Events at one virtual instant beyond which the run is declared stuck (a zero-delay loop). */
    private static final int MAX_EVENTS_AT_ONE_INSTANT = 1_000_000;

    private final long seed;
    private final Random random;
    private final SimConfig config;
    private NetworkFaults network;
    private final Timeline timeline;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final TreeMap<Integer, Slot> slots = new TreeMap<>();
    private final Set<Long> blockedLinks = new HashSet<>();
    private final Map<Long, Long> lastArrivalOnLink = new HashMap<>();
    private final Map<Long, Scheduled> pendingTimers = new HashMap<>();
    private long now;
    private long sequence;
    private long nextTimerId = 1;
    private long nextSyncId = 1;
    private long eventsProcessed;
    private long eventsAtThisInstant;
    private long eventBudget = Long.MAX_VALUE;
    private long messagesSent;
    private long messagesDelivered;

    public Simulator(long seed, SimConfig config) {
        this.seed = seed;
        this.random = new Random(seed);
        this.config = config;
        this.network = config.network();
        this.timeline = new Timeline(config.timelineCapacity());
    }

    public Simulator(long seed) {
        this(seed, SimConfig.reliable());
    }

    // ------------------------------------------------------------------ the ensemble

    /**
     * Adds a server and starts it at the current virtual time (its {@code start} runs as the
     * next event). A node added after others have run is "late".
     */
    public void addNode(int id, NodeFactory<M> factory) {
        if (id <= 0) {
            throw new IllegalArgumentException("node ids are positive, got " + id);
        }
        if (slots.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " exists already");
        }
        long offset = config.maxClockOffset() == 0 ? 0 : (long) (random.nextDouble() * 2 * config.maxClockOffset());
        double rate = 1 + (random.nextDouble() * 2 - 1) * config.maxClockDrift();
        Slot slot = new Slot(id, factory, new SimDisk(new Random(random.nextLong()), config.tornWriteRate()), offset, rate);
        slots.put(id, slot);
        boot(slot);
    }

    private void boot(Slot slot) {
        slot.incarnation++;
        slot.up = true;
        slot.node = slot.factory.create(slot.id);
        slot.context = new Context(slot, slot.incarnation, new Random(random.nextLong()));
        enqueue(now, new Start(slot.id, slot.incarnation));
    }

    /** The live node object of a server, or empty while it is crashed. */
    public Optional<Node<M>> node(int id) {
        Slot slot = slot(id);
        return slot.up ? Optional.of(slot.node) : Optional.empty();
    }

    /** The server ids, ascending. */
    public Set<Integer> nodeIds() {
        return new TreeSet<>(slots.keySet());
    }

    public boolean isUp(int id) {
        return slot(id).up;
    }

    /** How many times the server has started (1 before any restart). */
    public int incarnation(int id) {
        return slot(id).incarnation;
    }

    /** The server's disk, to look at in tests (what survives a crash). */
    public SimDisk disk(int id) {
        return slot(id).disk;
    }

    /**
     * Would a message sent now from {@code from} to {@code to} get through the partitions and
     * cuts (both servers up)? Loss aside: this is what a failure detector would see.
     */
    public boolean canReach(int from, int to) {
        return slot(from).up && slot(to).up && !blockedLinks.contains(link(from, to));
    }

    /** The server's clock now, as its node reads it. */
    public long localTime(int id) {
        return slot(id).localTime(now);
    }

    // ------------------------------------------------------------------ faults

    /**
     * Splits the servers into groups that cannot reach each other (both directions). Every
     * server must be in exactly one group. Replaces any earlier partition and one-way cut.
     */
    @SafeVarargs
    public final void partition(Set<Integer>... groups) {
        apply(new Fault.Partition(List.of(groups)));
    }

    /** Cuts server {@code n} off from every other server. */
    public void isolate(int n) {
        Set<Integer> rest = new TreeSet<>(slots.keySet());
        rest.remove(n);
        partition(Set.of(n), rest);
    }

    /** Messages from {@code from} to {@code to} are lost from now on; replies still get through. */
    public void cutOneWay(int from, int to) {
        apply(new Fault.OneWayCut(from, to));
    }

    /** Removes every partition and cut. Messages already lost stay lost. */
    public void heal() {
        apply(new Fault.Heal());
    }

    public void crash(int id) {
        apply(new Fault.Crash(id));
    }

    public void restart(int id) {
        apply(new Fault.Restart(id));
    }

    /** Changes how the network treats messages sent from now on. */
    public void setNetwork(NetworkFaults faults) {
        this.network = faults;
        timeline.add(now, 0, Kind.FAULT, 0, "network " + faults);
    }

    public NetworkFaults network() {
        return network;
    }

    /** Injects a fault now. */
    public void apply(Fault fault) {
        if (fault instanceof Fault.Partition p) {
            applyPartition(p);
        } else if (fault instanceof Fault.OneWayCut c) {
            slot(c.from());
            slot(c.to());
            blockedLinks.add(link(c.from(), c.to()));
            timeline.add(now, 0, Kind.FAULT, 0, c);
        } else if (fault instanceof Fault.Heal) {
            blockedLinks.clear();
            timeline.add(now, 0, Kind.FAULT, 0, fault);
        } else if (fault instanceof Fault.Crash c) {
            crashNow(slot(c.node()));
        } else if (fault instanceof Fault.Restart r) {
            restartNow(slot(r.node()));
        }
    }

    /** Injects a fault at a virtual time (at or after now). */
    public void schedule(long at, Fault fault) {
        if (at < now) {
            throw new IllegalArgumentException("cannot schedule " + fault + " at " + at + ", it is " + now + " already");
        }
        enqueue(at, new ScheduledFault(fault));
    }

    private void applyPartition(Fault.Partition p) {
        Map<Integer, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < p.groups().size(); g++) {
            for (int id : p.groups().get(g)) {
                slot(id);
                if (groupOf.put(id, g) != null) {
                    throw new IllegalArgumentException("node " + id + " is in two groups of " + p);
                }
            }
        }
        Set<Integer> missing = new TreeSet<>(slots.keySet());
        missing.removeAll(groupOf.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(p + " leaves out nodes " + missing + ": name every node in one group");
        }
        blockedLinks.clear();
        for (int a : slots.keySet()) {
            for (int b : slots.keySet()) {
                if (!groupOf.get(a).equals(groupOf.get(b))) {
                    blockedLinks.add(link(a, b));
                }
            }
        }
        timeline.add(now, 0, Kind.FAULT, 0, p);
    }

    private void crashNow(Slot slot) {
        if (!slot.up) {
            return;
        }
        slot.up = false;
        slot.node = null;
        slot.context = null;
        String lost = slot.disk.crash();
        timeline.add(now, slot.id, Kind.CRASH, 0, lost.isEmpty() ? null : lost);
    }

    private void restartNow(Slot slot) {
        if (slot.up) {
            return;
        }
        boot(slot);
        timeline.add(now, slot.id, Kind.RESTART, 0, "incarnation " + slot.incarnation);
    }

    // ------------------------------------------------------------------ outside stimuli

    /**
     * Delivers a message to {@code to} as the next event, as if {@code from} had sent it, past
     * every fault: for tests that play a peer by hand (any id, even one that is no node).
     */
    public void inject(int from, int to, M message) {
        enqueue(now, new Delivery(from, to, message, slot(to).incarnation, true));
    }

    /**
     * Runs {@code action} on a live node as the next event, inside the simulation (what it
     * sends and the timers it sets go through the simulator). An outside stimulus: an
     * operator's command, a client request, a failure detector's verdict.
     */
    public void act(int id, String description, Consumer<Node<M>> action) {
        enqueue(now, new Act(id, slot(id).incarnation, description, action));
    }

    // ------------------------------------------------------------------ running

    /** Fails the run (an exception from {@link #step}) once more than this many events were processed. */
    public void setEventBudget(long events) {
        this.eventBudget = events;
    }

    /** Processes the next event; false if there is none. */
    public boolean step() {
        Scheduled next = pollLive();
        if (next == null) {
            return false;
        }
        if (next.at == now) {
            if (++eventsAtThisInstant > MAX_EVENTS_AT_ONE_INSTANT) {
                throw new IllegalStateException("more than " + MAX_EVENTS_AT_ONE_INSTANT
                        + " events at virtual time " + now + ": a loop that never lets time pass\n" + timeline.render(40));
            }
        } else {
            eventsAtThisInstant = 0;
            now = next.at;
        }
        if (++eventsProcessed > eventBudget) {
            throw new IllegalStateException("event budget of " + eventBudget + " exhausted at virtual time " + now
                    + " (a message storm?)\n" + timeline.render(60));
        }
        dispatch(next);
        return true;
    }

    private Scheduled pollLive() {
        Scheduled next = queue.poll();
        while (next != null && next.cancelled) {
            next = queue.poll();
        }
        return next;
    }

    private Scheduled peekLive() {
        Scheduled next = queue.peek();
        while (next != null && next.cancelled) {
            queue.poll();
            next = queue.peek();
        }
        return next;
    }

    /** Runs every event up to {@code millis} from now; the clock then reads now + millis. */
    public void runFor(long millis) {
        long until = now + millis;
        while (peekLive() != null && peekLive().at <= until) {
            step();
        }
        now = Math.max(now, until);
    }

    /**
     * Runs until {@code condition} holds (checked before the first event and after each) or
     * {@code maxMillis} of virtual time have passed. Returns whether it held.
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long until = now + maxMillis;
        if (condition.getAsBoolean()) {
            return true;
        }
        while (peekLive() != null && peekLive().at <= until) {
            step();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        now = Math.max(now, until);
        return condition.getAsBoolean();
    }

    /** Global virtual time in ms (nodes see their own, skewed, clocks). */
    public long now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    public Timeline timeline() {
        return timeline;
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    /** Seed, virtual time, counters and the last {@code lastEvents} events: what to print when a check fails. */
    public String report(int lastEvents) {
        return "seed " + seed + ", virtual time " + now + " ms, " + eventsProcessed + " events, "
                + messagesSent + " messages sent, " + messagesDelivered + " delivered\n" + timeline.render(lastEvents);
    }

    // ------------------------------------------------------------------ events

    private sealed interface Payload permits Start, Delivery, TimerFire, SyncDone, ScheduledFault, Act {
    }

    private record Start(int node, int incarnation) implements Payload {
    }

    private record Delivery(int from, int to, Object message, int toIncarnation, boolean injected) implements Payload {
    }

    private record TimerFire(int node, int incarnation, TimerId id, TimerTag tag) implements Payload {
    }

    private record SyncDone(int node, int incarnation, SyncId id, String file, int upTo) implements Payload {
    }

    private record ScheduledFault(Fault fault) implements Payload {
    }

    /** Why a message was dropped; turned into text only if the timeline is printed. */
    private record Dropped(String reason, Object message) {
        @Override
        public String toString() {
            return "(" + reason + ") " + message;
        }
    }

    private record Act(int node, int incarnation, String description, Consumer<?> action) implements Payload {
    }

    private static final class Scheduled implements Comparable<Scheduled> {
        final long at;
        final long seq;
        final Payload payload;
        boolean cancelled;

        Scheduled(long at, long seq, Payload payload) {
            this.at = at;
            this.seq = seq;
            this.payload = payload;
        }

        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }
    }

    private Scheduled enqueue(long at, Payload payload) {
        Scheduled scheduled = new Scheduled(at, sequence++, payload);
        queue.add(scheduled);
        return scheduled;
    }

    @SuppressWarnings("unchecked")
    private void dispatch(Scheduled event) {
        Payload payload = event.payload;
        if (payload instanceof Delivery d) {
            deliver(d);
        } else if (payload instanceof TimerFire t) {
            pendingTimers.remove(t.id().value());
            Slot slot = live(t.node(), t.incarnation());
            if (slot != null) {
                timeline.add(now, t.node(), Kind.TIMER, 0, t.tag());
                slot.node.onTimer(t.tag());
            }
        } else if (payload instanceof Start s) {
            Slot slot = live(s.node(), s.incarnation());
            if (slot != null) {
                timeline.add(now, s.node(), Kind.START, 0, "incarnation " + s.incarnation());
                slot.node.start(slot.context);
            }
        } else if (payload instanceof SyncDone s) {
            Slot slot = live(s.node(), s.incarnation());
            if (slot != null) {
                slot.disk.markDurable(s.file(), s.upTo());
                timeline.add(now, s.node(), Kind.SYNCED, 0, s.file() + " up to byte " + s.upTo());
                slot.node.onSyncCompleted(s.id());
            }
        } else if (payload instanceof ScheduledFault f) {
            apply(f.fault());
        } else if (payload instanceof Act a) {
            Slot slot = live(a.node(), a.incarnation());
            if (slot != null) {
                timeline.add(now, a.node(), Kind.ACT, 0, a.description());
                ((Consumer<Node<M>>) a.action()).accept(slot.node);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(Delivery d) {
        Slot slot = slots.get(d.to());
        if (slot == null || !slot.up || slot.incarnation != d.toIncarnation()) {
            timeline.add(now, d.to(), Kind.DROP, d.from(), new Dropped("receiver down or restarted, from " + d.from(), d.message()));
            return;
        }
        if (!d.injected() && blockedLinks.contains(link(d.from(), d.to()))) {
            timeline.add(now, d.from(), Kind.DROP, d.to(), new Dropped("partitioned in flight", d.message()));
            return;
        }
        messagesDelivered++;
        timeline.add(now, d.to(), d.injected() ? Kind.INJECT : Kind.DELIVER, d.from(), d.message());
        slot.node.onMessage(d.from(), (M) d.message());
    }

    private void send(Slot from, int to, M message) {
        messagesSent++;
        Slot target = slots.get(to);
        if (target == null || to == from.id) {
            timeline.add(now, from.id, Kind.DROP, to, new Dropped("no such peer", message));
            return;
        }
        if (blockedLinks.contains(link(from.id, to))) {
            timeline.add(now, from.id, Kind.DROP, to, new Dropped("partitioned", message));
            return;
        }
        if (network.lossRate() > 0 && random.nextDouble() < network.lossRate()) {
            timeline.add(now, from.id, Kind.DROP, to, new Dropped("lost", message));
            return;
        }
        timeline.add(now, from.id, Kind.SEND, to, message);
        int copies = network.duplicateRate() > 0 && random.nextDouble() < network.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long arrival = now + network.minDelay()
                    + (network.maxDelay() == network.minDelay() ? 0 : random.nextLong(network.maxDelay() - network.minDelay() + 1));
            if (network.fifo()) {
                long link = link(from.id, to);
                arrival = Math.max(arrival, lastArrivalOnLink.getOrDefault(link, 0L));
                lastArrivalOnLink.put(link, arrival);
            }
            enqueue(arrival, new Delivery(from.id, to, message, target.incarnation, false));
        }
    }

    private Slot live(int id, int incarnation) {
        Slot slot = slots.get(id);
        return slot != null && slot.up && slot.incarnation == incarnation ? slot : null;
    }

    private Slot slot(int id) {
        Slot slot = slots.get(id);
        if (slot == null) {
            throw new IllegalArgumentException("no node " + id + " (nodes: " + slots.keySet() + ")");
        }
        return slot;
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }

    // ------------------------------------------------------------------ per-node state

    private final class Slot {
        final int id;
        final NodeFactory<M> factory;
        final SimDisk disk;
        final long clockOffset;
        final double clockRate;
        Node<M> node;
        Context context;
        int incarnation;
        boolean up;

        Slot(int id, NodeFactory<M> factory, SimDisk disk, long clockOffset, double clockRate) {
            this.id = id;
            this.factory = factory;
            this.disk = disk;
            this.clockOffset = clockOffset;
            this.clockRate = clockRate;
        }

        long localTime(long global) {
            return clockOffset + (clockRate == 1.0 ? global : (long) Math.floor(global * clockRate));
        }

        long globalDelay(long localDelay) {
            return clockRate == 1.0 ? localDelay : (long) Math.ceil(localDelay / clockRate);
        }
    }

    /** One incarnation's view of the world; it goes dead when the node crashes. */
    private final class Context implements NodeContext<M>, Storage {
        private final Slot slot;
        private final int incarnation;
        private final Random nodeRandom;

        Context(Slot slot, int incarnation, Random nodeRandom) {
            this.slot = slot;
            this.incarnation = incarnation;
            this.nodeRandom = nodeRandom;
        }

        private boolean alive() {
            return slot.up && slot.incarnation == incarnation;
        }

        @Override
        public int id() {
            return slot.id;
        }

        @Override
        public long now() {
            return slot.localTime(Simulator.this.now);
        }

        @Override
        public void send(int to, M message) {
            if (alive()) {
                Simulator.this.send(slot, to, message);
            }
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            if (delayMillis < 0) {
                throw new IllegalArgumentException("negative timer delay " + delayMillis + " for " + tag);
            }
            TimerId id = new TimerId(nextTimerId++);
            if (alive()) {
                pendingTimers.put(id.value(), enqueue(Simulator.this.now + slot.globalDelay(delayMillis),
                        new TimerFire(slot.id, incarnation, id, tag)));
            }
            return id;
        }

        @Override
        public void cancelTimer(TimerId timer) {
            Scheduled scheduled = timer == null ? null : pendingTimers.remove(timer.value());
            if (scheduled != null) {
                scheduled.cancelled = true; // skipped when it comes up: cheaper than removing it from the heap
            }
        }

        @Override
        public Storage storage() {
            return this;
        }

        @Override
        public Random random() {
            return nodeRandom;
        }

        @Override
        public void trace(String what) {
            timeline.add(Simulator.this.now, slot.id, Kind.TRACE, 0, what);
        }

        // ---- Storage

        @Override
        public void append(String file, byte[] bytes) {
            slot.disk.append(file, bytes);
        }

        @Override
        public SyncId sync(String file) {
            SyncId id = new SyncId(nextSyncId++);
            long delay = config.minSyncDelay() + (config.maxSyncDelay() == config.minSyncDelay() ? 0
                    : random.nextLong(config.maxSyncDelay() - config.minSyncDelay() + 1));
            enqueue(Simulator.this.now + delay, new SyncDone(slot.id, incarnation, id, file, slot.disk.syncPoint(file)));
            return id;
        }

        @Override
        public void writeAtomically(String file, byte[] bytes) {
            slot.disk.writeAtomically(file, bytes);
        }

        @Override
        public Optional<byte[]> read(String file) {
            return slot.disk.read(file);
        }

        @Override
        public void delete(String file) {
            slot.disk.delete(file);
        }

        @Override
        public List<String> files() {
            return slot.disk.files();
        }
    }

    @Override
    public String toString() {
        List<String> states = new ArrayList<>();
        slots.forEach((id, slot) -> states.add(id + (slot.up ? "" : "(down)")));
        return "Simulator[seed " + seed + ", t=" + now + ", nodes " + states + ", blocked links " + blockedLinks.size()
                + ", queued " + queue.size() + "]";
    }
}
