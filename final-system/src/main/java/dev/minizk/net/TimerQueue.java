package dev.minizk.net;

import dev.minizk.server.ServerTimer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** The server's pending timers, by due time; ties keep the order they were set in. */
final class TimerQueue {
    private record Scheduled(long dueAt, long seq, ServerTimer timer) {
    }

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.dueAt != b.dueAt ? Long.compare(a.dueAt, b.dueAt) : Long.compare(a.seq, b.seq));
    private long seq;

    void schedule(long dueAt, ServerTimer timer) {
        queue.add(new Scheduled(dueAt, seq++, timer));
    }

    /** How long the loop may sleep: ms until the next timer (0 if one is due), or -1 for none. */
    long millisUntilNext(long now) {
        Scheduled next = queue.peek();
        return next == null ? -1 : Math.max(0, next.dueAt - now);
    }

    /** Removes and returns the timers due at {@code now}, in order. */
    List<ServerTimer> takeDue(long now) {
        List<ServerTimer> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().dueAt <= now) {
            due.add(queue.poll().timer);
        }
        return due;
    }
}
