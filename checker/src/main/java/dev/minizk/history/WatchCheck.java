package dev.minizk.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks watch events against one chosen order of txns. An event names no zxid, so each is
 * matched to the earliest txn that triggers it (same type and path) and that no earlier reply of
 * the session already reflected, no earlier than the session's previous event's txn (events come
 * in zxid order); earliest is the best choice for every later event. Then every one-time watch a
 * read set must have fired before the first reply of its session that reflects the change that
 * triggers it.
 *
 * <p>Events a session received at one time are one batch, in any order among themselves: the
 * events a server fires when a reconnecting client re-registers its watches (ZooKeeper's
 * SetWatches) come grouped by kind of watch (data, exist, child), not in zxid order. An adapter
 * records such a batch with one time.
 */
final class WatchCheck {
    private final History history;
    private final List<Linearizer.Entry> sequence;
    private final int[] visible;
    /** (type, path) → the positions in the sequence of txns that trigger that event. */
    private final Map<Semantics.Trigger, List<Integer>> positions = new HashMap<>();

    private WatchCheck(History history, List<Linearizer.Entry> sequence, int[] visible) {
        this.history = history;
        this.sequence = sequence;
        this.visible = visible;
        for (int p = 0; p < sequence.size(); p++) {
            for (Semantics.Trigger trigger : sequence.get(p).triggers()) {
                positions.computeIfAbsent(trigger, t -> new ArrayList<>()).add(p);
            }
        }
    }

    static CheckResult.Violation check(History history, List<Linearizer.Entry> sequence, int[] visible) {
        WatchCheck check = new WatchCheck(history, sequence, visible);
        CheckResult.Violation found = check.eventOrder();
        return found != null ? found : check.missedWatches();
    }

    /** A session's replies that are items (they reflect a known prefix of the sequence), by time. */
    private List<Integer> replies(long session) {
        List<Integer> replies = new ArrayList<>();
        for (int i = 0; i < history.ops().size(); i++) {
            if (history.ops().get(i).session() == session && visible[i] >= 0) {
                replies.add(i);
            }
        }
        replies.sort(Comparator.comparingLong(i -> history.ops().get(i).completedAt()));
        return replies;
    }

    private CheckResult.Violation eventOrder() {
        Map<Long, List<WatchEvent>> bySession = new HashMap<>();
        for (WatchEvent e : history.events()) {
            bySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<Long, List<WatchEvent>> session : bySession.entrySet()) {
            List<WatchEvent> events = new ArrayList<>(session.getValue());
            events.sort(Comparator.comparingLong(WatchEvent::receivedAt));
            List<Integer> replies = replies(session.getKey());
            int r = 0;
            int reflected = 0;
            int previous = 0;
            WatchEvent previousEvent = null;
            int batchStart = 0; // events received at one time are one batch: among them, any order
            int batchLatest = 0;
            WatchEvent batchLatestEvent = null;
            for (WatchEvent e : events) {
                if (batchLatestEvent != null && e.receivedAt() != batchLatestEvent.receivedAt()) {
                    batchStart = batchLatest;
                    previousEvent = batchLatestEvent;
                }
                while (r < replies.size() && history.ops().get(replies.get(r)).completedAt() < e.receivedAt()) {
                    reflected = Math.max(reflected, visible[replies.get(r)]);
                    r++;
                }
                previous = batchStart;
                List<Integer> candidates = positions.getOrDefault(new Semantics.Trigger(e.type(), e.path()), List.of());
                int p = firstAtLeast(candidates, Math.max(previous, reflected));
                if (p < 0) {
                    return unexplained(e, candidates, replies, previous, previousEvent);
                }
                batchLatest = batchLatestEvent != null && e.receivedAt() == batchLatestEvent.receivedAt() ? Math.max(batchLatest, p) : p;
                batchLatestEvent = e;
            }
        }
        return null;
    }

    private CheckResult.Violation unexplained(WatchEvent e, List<Integer> candidates, List<Integer> replies,
                                              int previous, WatchEvent previousEvent) {
        String event = e.type() + " " + e.path() + " (session 0x" + Long.toHexString(e.session()) + ")";
        if (candidates.isEmpty()) {
            return new CheckResult.Violation(Rule.WATCH_ORDER, "event " + event + " matches no txn in the history",
                    new Witness(history, List.of(), List.of(e)));
        }
        int lastBefore = candidates.get(candidates.size() - 1);
        int txn = sequence.get(lastBefore).op();
        if (lastBefore >= previous) {
            for (int reply : replies) {
                if (visible[reply] > lastBefore) {
                    return new CheckResult.Violation(Rule.WATCH_ORDER, "event " + event + " for #" + txn
                            + " arrived after reply #" + reply + ", which already reflected #" + txn,
                            Witness.of(history, txn, reply).with(e));
                }
            }
        }
        int previousTxn = sequence.get(previous).op();
        return new CheckResult.Violation(Rule.WATCH_ORDER, "event " + event + " for #" + txn
                + " arrived after the event for #" + previousTxn + ", a later txn",
                Witness.of(history, txn, previousTxn).with(previousEvent).with(e));
    }

    private CheckResult.Violation missedWatches() {
        for (int i = 0; i < history.ops().size(); i++) {
            Op read = history.ops().get(i);
            Set<EventType> types = watchTypes(read);
            if (types.isEmpty() || visible[i] < 0) {
                continue;
            }
            String path = Linearizer.Paths.pathOf(read.command());
            int trigger = Integer.MAX_VALUE;
            for (EventType type : types) {
                int p = firstAtLeast(positions.getOrDefault(new Semantics.Trigger(type, path), List.of()), visible[i]);
                if (p >= 0) {
                    trigger = Math.min(trigger, p);
                }
            }
            if (trigger == Integer.MAX_VALUE) {
                continue;
            }
            Integer reflecting = firstReplyReflecting(read, trigger);
            if (reflecting != null && !fired(read, path, types, history.ops().get(reflecting).completedAt())) {
                int txn = sequence.get(trigger).op();
                return new CheckResult.Violation(Rule.MISSED_WATCH, "the watch #" + i + " set on " + path
                        + " should have fired for #" + txn + " before reply #" + reflecting
                        + ", which reflects #" + txn + "; no event arrived",
                        Witness.of(history, i, txn, reflecting));
            }
        }
        return null;
    }

    /** The event types a one-time watch set by this op can fire with; empty if it set none. */
    private static Set<EventType> watchTypes(Op op) {
        if (!(op.outcome() instanceof Outcome.Ok)) {
            return Set.of(); // getData and getChildren on a missing node register nothing
        }
        Command c = op.command();
        if ((c instanceof Command.GetData g && g.watch()) || (c instanceof Command.Exists e && e.watch())) {
            return EnumSet.of(EventType.NodeCreated, EventType.NodeDeleted, EventType.NodeDataChanged);
        }
        if (c instanceof Command.GetChildren g && g.watch()) {
            return EnumSet.of(EventType.NodeDeleted, EventType.NodeChildrenChanged);
        }
        return Set.of();
    }

    private Integer firstReplyReflecting(Op read, int trigger) {
        Integer first = null;
        for (int i = 0; i < history.ops().size(); i++) {
            Op op = history.ops().get(i);
            if (op.session() == read.session() && visible[i] > trigger && op.completedAt() > read.completedAt()
                    && (first == null || op.completedAt() < history.ops().get(first).completedAt())) {
                first = i;
            }
        }
        return first;
    }

    private boolean fired(Op read, String path, Set<EventType> types, long before) {
        for (WatchEvent e : history.events()) {
            if (e.session() == read.session() && e.path().equals(path) && types.contains(e.type())
                    && e.receivedAt() > read.completedAt() && e.receivedAt() < before) {
                return true;
            }
        }
        return false;
    }

    /** The first element of a sorted list that is at least {@code min}, or -1. */
    private static int firstAtLeast(List<Integer> sorted, int min) {
        int k = Collections.binarySearch(sorted, min);
        if (k < 0) {
            k = -k - 1;
        }
        return k < sorted.size() ? sorted.get(k) : -1;
    }
}
