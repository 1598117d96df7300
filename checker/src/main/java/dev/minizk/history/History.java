package dev.minizk.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the clients of one run saw: their ops (any order; an op is named by its index,
 * {@code #3}) and the watch events they received. The tree starts as ZooKeeper's empty tree:
 * {@code /}, {@code /zookeeper}, {@code /zookeeper/quota} and {@code /zookeeper/config}.
 */
public record History(List<Op> ops, List<WatchEvent> events) {
    public History {
        ops = List.copyOf(ops);
        events = List.copyOf(events);
        checkEventTimes(ops, events);
    }

    public static History of(List<Op> ops) {
        return new History(ops, List.of());
    }

    /** A history being recorded, one call at a time. */
    public static Builder builder() {
        return new Builder();
    }

    /** An event and a reply of one session at the same time could be in either order: refuse it. */
    private static void checkEventTimes(List<Op> ops, List<WatchEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Map<Long, Set<Long>> replyTimes = new HashMap<>();
        for (Op op : ops) {
            if (op.hasReply()) {
                replyTimes.computeIfAbsent(op.session(), s -> new HashSet<>()).add(op.completedAt());
            }
        }
        for (WatchEvent event : events) {
            if (replyTimes.getOrDefault(event.session(), Set.of()).contains(event.receivedAt())) {
                throw new IllegalArgumentException("event " + event.type() + " " + event.path() + " of session 0x"
                        + Long.toHexString(event.session()) + " has the same time (" + event.receivedAt()
                        + ") as a reply of that session: record distinct times so their order is known");
            }
        }
    }

    /** Collects ops and events, e.g. from a simulated client's callbacks. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private final List<WatchEvent> events = new ArrayList<>();

        public Builder op(long session, Command command, long invokedAt, long completedAt, Outcome outcome) {
            ops.add(new Op(session, command, invokedAt, completedAt, outcome));
            return this;
        }

        public Builder event(long session, EventType type, String path, long receivedAt) {
            events.add(new WatchEvent(session, type, path, receivedAt));
            return this;
        }

        public History build() {
            return new History(ops, events);
        }
    }
}
