package dev.minizk.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Events waiting for their time, in (time, sequence) order: the earliest first, and of events
 * at the same time the one added first. The sequence number is what makes a run replayable:
 * two events due at the same instant always come out in the order they were scheduled.
 *
 * <p>An entry can be cancelled; a cancelled entry stays in the heap (removing from the middle
 * of a heap costs a linear search) and is skipped when it reaches the front.
 *
 * <p>The one (time, sequence) queue of the course: the simulator's virtual clock, the
 * in-process network of stage 02 and the real runtime's timers (on a monotonic clock) all keep
 * their pending events here. Not thread-safe: one loop owns it.
 *
 * @param <E> what the events are (values: records naming node, kind, payload)
 */
public final class EventQueue<E> {

    /** One scheduled event. Cancel it through {@link EventQueue#cancel}. */
    public static final class Entry<E> implements Comparable<Entry<E>> {
        private final long time;
        private final long seq;
        private final E event;
        private boolean pending = true;

        private Entry(long time, long seq, E event) {
            this.time = time;
            this.seq = seq;
            this.event = event;
        }

        public long time() {
            return time;
        }

        public long seq() {
            return seq;
        }

        public E event() {
            return event;
        }

        /** Still waiting: neither taken from the queue nor cancelled. */
        public boolean isPending() {
            return pending;
        }

        @Override
        public int compareTo(Entry<E> o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }

        @Override
        public String toString() {
            return time + "#" + seq + " " + event + (pending ? "" : " (done)");
        }
    }

    private final PriorityQueue<Entry<E>> heap = new PriorityQueue<>();
    private final int capacity;
    private long nextSeq;
    private int pendingCount;

    /** @param capacity at most this many pending events; one more is a runaway (an exception) */
    public EventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Schedules an event at {@code time}; it comes after every event already scheduled for that time. */
    public Entry<E> add(long time, E event) {
        if (pendingCount >= capacity) {
            throw new IllegalStateException("more than " + capacity + " pending events: something schedules without bound");
        }
        Entry<E> entry = new Entry<>(time, nextSeq++, event);
        heap.add(entry);
        pendingCount++;
        return entry;
    }

    /** Cancels a pending entry; false (and nothing happens) if it was taken or cancelled already. */
    public boolean cancel(Entry<E> entry) {
        if (entry == null || !entry.pending) {
            return false;
        }
        entry.pending = false;
        pendingCount--;
        return true;
    }

    /** The first pending entry, left in the queue; null if there is none. */
    public Entry<E> peek() {
        Entry<E> first = heap.peek();
        while (first != null && !first.pending) {
            heap.poll();
            first = heap.peek();
        }
        return first;
    }

    /** Takes the first pending entry out; null if there is none. */
    public Entry<E> poll() {
        Entry<E> first = peek();
        if (first != null) {
            heap.poll();
            first.pending = false;
            pendingCount--;
        }
        return first;
    }

    /** The time of the first pending entry, or {@code Long.MAX_VALUE} if there is none. */
    public long nextTime() {
        Entry<E> first = peek();
        return first == null ? Long.MAX_VALUE : first.time;
    }

    public boolean isEmpty() {
        return pendingCount == 0;
    }

    /** Pending entries (cancelled ones not counted). */
    public int size() {
        return pendingCount;
    }

    /** Every pending entry in the order it will come out: for snapshots, debuggers and reports. */
    public List<Entry<E>> pending() {
        List<Entry<E>> all = new ArrayList<>(pendingCount);
        for (Entry<E> entry : heap) {
            if (entry.pending) {
                all.add(entry);
            }
        }
        all.sort(null);
        return all;
    }

    @Override
    public String toString() {
        return "EventQueue[" + pendingCount + " pending, next at " + (isEmpty() ? "-" : String.valueOf(nextTime())) + "]";
    }
}
