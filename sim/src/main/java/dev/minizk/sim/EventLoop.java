package dev.minizk.sim;

import dev.minizk.sim.Timeline.Kind;

import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Virtual time: a clock that jumps from event to event, the {@link EventQueue} of what is due,
 * the one {@link Random} seeded with the run's seed (every choice a world makes is drawn from
 * it, so a run is a pure function of its seed and scenario), and the {@link Timeline} of what
 * happened.
 *
 * <p>{@link #step} takes the first event, moves the clock to its time and hands it to the
 * dispatcher. Two guards turn a runaway into an exception with the timeline: an event budget
 * (a message storm) and a cap on events at one instant within one run (a loop that never lets
 * time pass). The cap counts per run ({@link #runFor}, {@link #runUntilTime}): a world without
 * latency (stage 02's in-process network) legitimately does millions of things at time 0, one
 * call at a time.
 *
 * @param <E> the event family (the simulator's {@link SimEvent})
 */
public final class EventLoop<E> {

    /** Events at one virtual instant beyond which the run is declared stuck (a zero-delay loop). */
    static final int MAX_EVENTS_AT_ONE_INSTANT = 1_000_000;
    /** Pending events beyond which scheduling is declared runaway. */
    static final int MAX_PENDING_EVENTS = 10_000_000;

    private final long seed;
    private final Random random;
    private final Timeline timeline;
    private final EventQueue<E> queue = new EventQueue<>(MAX_PENDING_EVENTS);
    private final Consumer<? super E> dispatcher;
    private long now;
    private long eventsProcessed;
    private long eventsAtThisInstant;
    private long eventBudget = Long.MAX_VALUE;

    public EventLoop(long seed, int timelineCapacity, Consumer<? super E> dispatcher) {
        this.seed = seed;
        this.random = new Random(seed);
        this.timeline = new Timeline(timelineCapacity);
        this.dispatcher = dispatcher;
    }

    /** Schedules an event at a virtual time, now or later. */
    public EventQueue.Entry<E> at(long time, E event) {
        if (time < now) {
            throw new IllegalArgumentException("cannot schedule " + event + " at " + time + ", it is " + now + " already");
        }
        return queue.add(time, event);
    }

    /** Schedules an event {@code delayMillis} of global virtual time from now. */
    public EventQueue.Entry<E> after(long delayMillis, E event) {
        return at(now + delayMillis, event);
    }

    public boolean cancel(EventQueue.Entry<E> entry) {
        return queue.cancel(entry);
    }

    /** Records what happened now in the timeline. */
    public void record(int node, Kind kind, int peer, Object detail) {
        timeline.add(now, node, kind, peer, detail);
    }

    /** Fails the run (an exception from {@link #step}) once more than this many events were processed. */
    public void setEventBudget(long events) {
        this.eventBudget = events;
    }

    /** Processes the next event; false if there is none. */
    public boolean step() {
        EventQueue.Entry<E> next = queue.poll();
        if (next == null) {
            return false;
        }
        if (next.time() == now) {
            if (++eventsAtThisInstant > MAX_EVENTS_AT_ONE_INSTANT) {
                throw new IllegalStateException("more than " + MAX_EVENTS_AT_ONE_INSTANT
                        + " events at virtual time " + now + ": a loop that never lets time pass\n" + timeline.render(40));
            }
        } else {
            eventsAtThisInstant = 0;
            now = next.time();
        }
        if (++eventsProcessed > eventBudget) {
            throw new IllegalStateException("event budget of " + eventBudget + " exhausted at virtual time " + now
                    + " (a message storm?)\n" + timeline.render(60));
        }
        dispatcher.accept(next.event());
        return true;
    }

    /**
     * Runs one pending event now, out of its turn: what a search or a debugger does to explore
     * another order than the one the drawn delays give. The clock moves to the event's time if
     * that is later, and otherwise stays (it never goes back).
     */
    public void runOutOfTurn(EventQueue.Entry<E> entry) {
        if (!queue.cancel(entry)) {
            throw new IllegalArgumentException("not pending: " + entry);
        }
        now = Math.max(now, entry.time());
        eventsProcessed++;
        dispatcher.accept(entry.event());
    }

    /** Runs every event up to {@code millis} from now; the clock then reads now + millis. */
    public void runFor(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must not be negative, was " + millis);
        }
        long until = now + millis;
        beginRun();
        while (queue.nextTime() <= until) {
            step();
        }
        now = Math.max(now, until);
    }

    /**
     * Runs until {@code condition} holds (checked before the first event and after each) or
     * the clock reaches {@code deadline}. Returns whether it held.
     */
    public boolean runUntilTime(BooleanSupplier condition, long deadline) {
        if (condition.getAsBoolean()) {
            return true;
        }
        beginRun();
        while (queue.nextTime() <= deadline) {
            step();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        now = Math.max(now, deadline);
        return condition.getAsBoolean();
    }

    /** When the next event is due, or {@code Long.MAX_VALUE} if none is. */
    public long nextTime() {
        return queue.nextTime();
    }

    /** A new run starts: the count of events at this instant starts again. */
    void beginRun() {
        eventsAtThisInstant = 0;
    }

    /** Global virtual time in ms. */
    public long now() {
        return now;
    }

    public long seed() {
        return seed;
    }

    /** The world's random source: every choice of the network, the clocks and the disks. */
    public Random random() {
        return random;
    }

    public Timeline timeline() {
        return timeline;
    }

    public long eventsProcessed() {
        return eventsProcessed;
    }

    /** The events still due, in the order they will run: for reports, snapshots and debuggers. */
    public java.util.List<EventQueue.Entry<E>> pending() {
        return queue.pending();
    }
}
