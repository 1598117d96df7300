package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs an ensemble of {@link Node}s on one thread and a virtual clock. Every choice the world
 * makes (how long a message takes, whether it is lost or duplicated, how far a node's clock is
 * off, how long a disk sync takes, what a crash tears) comes from one {@link Random} seeded
 * with the run's seed, so a run is a pure function of (seed, scenario): replaying a seed
 * replays every event in the same order.
 *
 * <p>A facade over three parts: the {@link EventLoop} (virtual time, the queue of
 * {@link SimEvent}s, the seeded random, the timeline), the {@link PeerNetwork} (partitions,
 * cuts, delay, loss, duplication, order) and the {@link Host}s (incarnations, clocks,
 * {@link SimDisk}s). Scenarios read as a script:
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
public final class Simulator<M> implements Replayable {

    /** Events one {@link #runUntilIdle} may take; far more than any scenario needs. */
    private static final long MAX_EVENTS_PER_IDLE_RUN = 20_000_000;

    private final SimConfig config;
    private final EventLoop<SimEvent> loop;
    private final PeerNetwork network;
    private final Hosts<M> hosts = new Hosts<>();
    private final Map<Long, EventQueue.Entry<SimEvent>> pendingTimers = new HashMap<>();
    private final ClientLinks clientLinks;
    private final Dispatcher<M> dispatcher;
    /** Pending events that are not timers: while there is one, the world is not idle. */
    private long pendingWork;
    private long nextTimerId = 1;
    private long nextSyncId = 1;
    private long messagesSent;
    private long messagesDelivered;

    public Simulator(long seed, SimConfig config) {
        this.config = config;
        this.loop = new EventLoop<>(seed, config.timelineCapacity(), this::dispatch);
        this.network = new PeerNetwork(config.network(), loop, this);
        this.clientLinks = new ClientLinks(this, hosts, config);
        this.dispatcher = new Dispatcher<>(this, hosts, clientLinks);
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
        if (id <= 0 || hosts.contains(id)) {
            throw new IllegalArgumentException(id <= 0 ? "node ids are positive, got " + id : "node " + id + " exists already");
        }
        HostClock clock = drawClock();
        Host<M> host = new Host<>(id, factory, new SimDisk(new Random(loop.random().nextLong()), config.tornWriteRate()), clock);
        boot(hosts.add(host));
    }

    private void boot(Host<M> host) {
        host.incarnation++;
        host.up = true;
        host.node = host.factory.create(host.id);
        host.context = new HostContext<>(this, host, host.incarnation, new Random(loop.random().nextLong()));
        schedule(now(), new SimEvent.Start(host.id, host.incarnation));
    }

    /** The live node object of a server, or empty while it is crashed. */
    public Optional<Node<M>> node(int id) {
        Host<M> host = host(id);
        return host.up ? Optional.of(host.node) : Optional.empty();
    }

    /** The server ids, ascending. */
    public Set<Integer> nodeIds() {
        return new TreeSet<>(hosts.ids());
    }

    public boolean isUp(int id) {
        return host(id).up;
    }

    /** How many times the server has started (1 before any restart). */
    public int incarnation(int id) {
        return host(id).incarnation;
    }

    /** The server's disk, to look at in tests (what survives a crash). */
    public SimDisk disk(int id) {
        return host(id).disk;
    }

    /**
     * Would a message sent now from {@code from} to {@code to} get through the partitions and
     * cuts (both servers up)? Loss aside: this is what a failure detector would see.
     */
    public boolean canReach(int from, int to) {
        return host(from).up && host(to).up && !network.isBlocked(from, to);
    }

    /** The server's clock now, as its node reads it. */
    public long localTime(int id) {
        return host(id).localTime(loop.now());
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
        Set<Integer> rest = new TreeSet<>(hosts.ids());
        rest.remove(n);
        partition(Set.of(n), rest);
    }

    /** Messages from {@code from} to {@code to} are lost from now on; replies still get through. */
    public void cutOneWay(int from, int to) {
        apply(new Fault.OneWayCut(from, to));
    }

    /** Removes every partition and cut (servers cut off from clients too). Messages already lost stay lost, stalled links stay dead. */
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
        network.setFaults(faults);
        loop.record(0, Kind.FAULT, 0, "network " + faults);
    }

    public NetworkFaults network() {
        return network.faults();
    }

    /** Injects a fault now. */
    public void apply(Fault fault) {
        if (fault instanceof Fault.Partition p) {
            network.partition(p, hosts.ids());
            loop.record(0, Kind.FAULT, 0, p);
        } else if (fault instanceof Fault.OneWayCut c) {
            host(c.from());
            host(c.to());
            network.cut(c.from(), c.to());
            loop.record(0, Kind.FAULT, 0, c);
        } else if (fault instanceof Fault.Heal) {
            network.heal();
            clientLinks.healServers();
            loop.record(0, Kind.FAULT, 0, fault);
        } else if (fault instanceof Fault.Crash c) {
            crashNow(host(c.node()));
        } else if (fault instanceof Fault.Restart r) {
            restartNow(host(r.node()));
        } else {
            throw new IllegalArgumentException("unknown fault " + fault); // Fault is sealed: only a new kind gets here
        }
    }

    /** Injects a fault at a virtual time (at or after now). */
    public void schedule(long at, Fault fault) {
        schedule(at, new SimEvent.ScheduledFault(fault));
    }

    private void crashNow(Host<M> host) {
        if (!host.up) {
            return;
        }
        host.up = false;
        host.node = null;
        host.context = null;
        network.crashed(host.id, hosts.ids());
        clientLinks.stallLinksTo(host.id);
        String lost = host.disk.crash();
        loop.record(host.id, Kind.CRASH, 0, lost.isEmpty() ? null : lost);
    }

    private void restartNow(Host<M> host) {
        if (host.up) {
            return;
        }
        boot(host);
        network.restarted(host.id, hosts.ids());
        loop.record(host.id, Kind.RESTART, 0, "incarnation " + host.incarnation);
    }

    // ------------------------------------------------------------------ outside stimuli

    /**
     * Delivers a message to {@code to} as the next event, as if {@code from} had sent it, past
     * every fault: for tests that play a peer by hand (any id, even one that is no node).
     */
    public void inject(int from, int to, M message) {
        schedule(now(), new SimEvent.Delivery(from, to, message, host(to).incarnation, true));
    }

    /**
     * Runs {@code action} on a live node as the next event, inside the simulation (what it
     * sends and the timers it sets go through the simulator). An outside stimulus: an
     * operator's command, a client request, a failure detector's verdict.
     */
    public void act(int id, String description, Consumer<Node<M>> action) {
        schedule(now(), new SimEvent.Act(id, host(id).incarnation, description, action));
    }

    // ------------------------------------------------------------------ clients

    /**
     * Adds a client machine (a name such as "c1", unique). Its clock is skewed like a server's;
     * its links to servers run in this simulator's queue.
     */
    public ClientMachine addClient(String name) {
        return clientLinks.add(name, drawClock());
    }

    /** A machine's clock: an offset and a rate drawn within the config's bounds. */
    private HostClock drawClock() {
        Random random = loop.random();
        long offset = config.maxClockOffset() == 0 ? 0 : (long) (random.nextDouble() * 2 * config.maxClockOffset());
        double rate = 1 + (random.nextDouble() * 2 - 1) * config.maxClockDrift();
        return new HostClock(offset, rate);
    }

    /**
     * Cuts server {@code id} off from every client: its client links stall, and links opened to
     * it stall at once (a connect that never gets an answer), until {@link #heal}. Clients notice
     * by their own timeouts and move on to other servers.
     */
    public void cutOffFromClients(int id) {
        host(id);
        clientLinks.cutOffServer(id);
    }

    /** Cuts a client machine off from every server: its links stall, new ones are refused, until {@link #reconnect}. */
    public void cutOff(ClientMachine client) {
        clientLinks.cutOff(client);
    }

    public void reconnect(ClientMachine client) {
        clientLinks.reconnect(client);
    }

    /** Drops a client link: both ends hear of it now (a stalled end hears nothing); messages in flight are lost. */
    public void dropLink(long linkId) {
        clientLinks.drop(linkId);
    }

    /** The ids of a client machine's links that are not yet forgotten, oldest first. */
    public List<Long> linksOf(ClientMachine client) {
        return clientLinks.linksOf(client);
    }

    /** Names a server in the timeline ("server" instead of "n1"). */
    public void nameNode(int id, String name) {
        hosts.name(id, name);
    }

    /** How the timeline prints messages on client links (only when it is printed). */
    public void describeLinkMessagesWith(Function<Object, String> describer) {
        clientLinks.describeWith(describer);
    }

    // ------------------------------------------------------------------ running

    /** Fails the run (an exception from {@link #step}) once more than this many events were processed. */
    public void setEventBudget(long events) {
        loop.setEventBudget(events);
    }

    /** Processes the next event; false if there is none. */
    public boolean step() {
        return loop.step();
    }

    /** Runs every event up to {@code millis} from now; the clock then reads now + millis. */
    public void runFor(long millis) {
        loop.runFor(millis);
    }

    /**
     * Runs until {@code condition} holds (checked before the first event and after each) or
     * {@code maxMillis} of virtual time have passed. Returns whether it held.
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        return loop.runUntilTime(condition, loop.now() + maxMillis);
    }

    /**
     * Runs until nothing but timers is pending and no timer is due now: time moves only as far
     * as the messages and tasks in flight need, and later timers fire only if they fall due on
     * the way.
     */
    public void runUntilIdle() {
        long limit = loop.eventsProcessed() + MAX_EVENTS_PER_IDLE_RUN;
        loop.beginRun();
        for (long next = loop.nextTime(); next != Long.MAX_VALUE && (pendingWork > 0 || next <= now()); next = loop.nextTime()) {
            if (loop.eventsProcessed() >= limit) {
                throw new IllegalStateException("more than " + MAX_EVENTS_PER_IDLE_RUN + " events without the world going idle: "
                        + "something reschedules itself forever\n" + timeline().render(60));
            }
            step();
        }
    }

    // ------------------------------------------------------------------ choosing the order (search, debugger)

    /**
     * Runs one pending event now, before any that are due earlier: a search or a debugger
     * choosing the order in which the world's events happen. The clock moves to the event's
     * due time if that is later, and never back: an event taken before one due earlier
     * leaves that one "late", which an asynchronous network allows.
     */
    public void runOutOfTurn(EventQueue.Entry<SimEvent> entry) {
        loop.runOutOfTurn(entry);
    }

    /** A message in flight is lost after all (a search exploring loss on a network that allows it). */
    public void dropInFlight(EventQueue.Entry<SimEvent> entry) {
        if (!(entry.event() instanceof SimEvent.Delivery d) || !loop.cancel(entry)) {
            throw new IllegalArgumentException("not a pending delivery: " + entry);
        }
        pendingWork--;
        loop.record(d.from(), Kind.DROP, d.to(), new Dropped("lost (chosen)", d.message()));
        network.droppedInFlight(d); // on a connection, a lost message breaks it, as any loss does
    }

    /** A message in flight arrives twice: a second copy is scheduled at the same time as the first. */
    public void duplicateInFlight(EventQueue.Entry<SimEvent> entry) {
        if (!(entry.event() instanceof SimEvent.Delivery d) || !entry.isPending()) {
            throw new IllegalArgumentException("not a pending delivery: " + entry);
        }
        schedule(Math.max(now(), entry.time()), d);
    }

    /** The server's state as a value if its node is {@link Snapshottable}; "down" while it is crashed. */
    public Object snapshotOf(int id) {
        Host<M> host = host(id);
        if (!host.up) {
            return "down";
        }
        if (host.node instanceof Snapshottable s) {
            return s.snapshot();
        }
        throw new IllegalStateException("node " + id + " (" + host.node.getClass().getSimpleName() + ") is not Snapshottable");
    }

    /** Global virtual time in ms (nodes see their own, skewed, clocks). */
    public long now() {
        return loop.now();
    }

    @Override
    public long seed() {
        return loop.seed();
    }

    public Timeline timeline() {
        return loop.timeline();
    }

    /** The events still due, in the order they will run. */
    public List<EventQueue.Entry<SimEvent>> pendingEvents() {
        return loop.pending();
    }

    public long eventsProcessed() {
        return loop.eventsProcessed();
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    /** Seed, virtual time, counters and the last {@code lastEvents} events: what to print when a check fails. */
    @Override
    public String report(int lastEvents) {
        return "seed " + seed() + ", virtual time " + now() + " ms, " + eventsProcessed() + " events, "
                + messagesSent + " messages sent, " + messagesDelivered + " delivered\n" + timeline().render(lastEvents);
    }

    // ------------------------------------------------------------------ what contexts ask for

    void record(int node, Kind kind, int peer, Object detail) {
        loop.record(node, kind, peer, detail);
    }

    void send(Host<M> from, int to, M message) {
        messagesSent++;
        Host<M> target = hosts.find(to);
        network.send(from.id, to, target == null || to == from.id ? -1 : target.incarnation, target != null && target.up, message);
    }

    TimerId setTimer(Host<M> host, int incarnation, boolean alive, long delayMillis, TimerTag tag) {
        TimerId id = nextTimerId();
        if (alive) {
            scheduleTimerOrWork(id, now() + host.clock.globalDelay(delayMillis), new SimEvent.TimerFire(host.id, incarnation, id, tag));
        }
        return id;
    }

    void cancelTimer(TimerId timer) {
        EventQueue.Entry<SimEvent> entry = timer == null ? null : pendingTimers.remove(timer.value());
        if (entry != null) {
            loop.cancel(entry);
        }
    }

    /**
     * Schedules the completion of a sync of {@code file} up to byte {@code upTo}. A file's syncs
     * complete in the order they were asked for, as fsyncs of one file do: a drawn delay that
     * would overtake an earlier sync waits for it.
     */
    SyncId sync(Host<M> host, int incarnation, int upTo, String file) {
        SyncId id = new SyncId(nextSyncId++);
        long delay = config.minSyncDelay() + (config.maxSyncDelay() == config.minSyncDelay() ? 0
                : loop.random().nextLong(config.maxSyncDelay() - config.minSyncDelay() + 1));
        long done = Math.max(loop.now() + delay, host.lastSyncDone.getOrDefault(file, 0L));
        host.lastSyncDone.put(file, done);
        schedule(done, new SimEvent.SyncDone(host.id, incarnation, id, file, upTo));
        return id;
    }

    TimerId nextTimerId() {
        return new TimerId(nextTimerId++);
    }

    Random random() {
        return loop.random();
    }

    /** Schedules an event that is work (not a timer). */
    void schedule(long at, SimEvent event) {
        if (event.isTimer()) {
            throw new IllegalArgumentException("timers are scheduled with their id: " + event);
        }
        loop.at(at, event);
        pendingWork++;
    }

    /** Schedules a timer (cancellable by its id), or work if {@code timer} is null. */
    void scheduleTimerOrWork(TimerId timer, long at, SimEvent event) {
        if (timer == null) {
            schedule(at, event);
        } else {
            pendingTimers.put(timer.value(), loop.at(at, event));
        }
    }

    private void dispatch(SimEvent event) {
        if (!event.isTimer()) {
            pendingWork--;
        }
        event.dispatchTo(dispatcher);
    }

    // ------------------------------------------------------------------ what the dispatcher asks for

    /** Is a peer message lost as it comes up (a partition since it was sent, its connection broken)? */
    boolean lostInFlight(SimEvent.Delivery d) {
        return network.lostInFlight(d);
    }

    void peerLinkBrokenNoticed(SimEvent.PeerLinkBroken e) {
        network.noticed(e);
    }

    /** The incarnation a live server runs, or -1 while it is down. */
    int liveIncarnation(int id) {
        Host<M> host = hosts.find(id);
        return host != null && host.up ? host.incarnation : -1;
    }

    void countDelivered() {
        messagesDelivered++;
    }

    /** A timer fired: it can no longer be cancelled. */
    void timerDone(TimerId timer) {
        pendingTimers.remove(timer.value());
    }

    private Host<M> host(int id) {
        return hosts.get(id);
    }

    @Override
    public String toString() {
        List<String> states = new ArrayList<>();
        for (Host<M> host : hosts.all()) {
            states.add(host.id + (host.up ? "" : "(down)"));
        }
        return "Simulator[seed " + seed() + ", t=" + now() + ", nodes " + states + ", blocked links " + network.blockedLinkCount()
                + ", queued " + (pendingWork + pendingTimers.size()) + "]";
    }
}
