package dev.minizk.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} events of a run, oldest first, for printing when a test fails or a
 * notebook wants to show what happened. Events are kept as values and turned into text only
 * when printed, so keeping them is cheap.
 */
public final class Timeline {

    /** What happened. */
    public enum Kind { START, SEND, DROP, DELIVER, TIMER, SYNCED, CRASH, RESTART, FAULT, INJECT, ACT, TRACE,
        /** Something on a client link (the detail names it: "c1/3 → n1  message", "c1/3 dropped"). */
        LINK }

    /**
     * One event: at global virtual time {@code time}, on node {@code node} (0 for the world),
     * involving {@code peer} (the other end of a message, else 0), with a detail (a message, a
     * timer tag, a reason) printed with {@code toString()}.
     */
    public record Event(long time, int node, Kind kind, int peer, Object detail) {
        @Override
        public String toString() {
            String who = node == 0 ? "    " : String.format("n%-3d", node);
            String what = switch (kind) {
                case SEND -> "SEND    -> " + peer + "  " + detail;
                case DELIVER -> "DELIVER <- " + peer + "  " + detail;
                case DROP -> "DROP    " + (peer == 0 ? "" : "-> " + peer + "  ") + detail;
                case INJECT -> "INJECT  <- " + peer + "  " + detail;
                case LINK -> "LINK    " + detail;
                default -> String.format("%-7s %s", kind, detail == null ? "" : detail);
            };
            return String.format("%9d  %s %s", time, who, what);
        }
    }

    private final Event[] ring;
    private long count;

    public Timeline(int capacity) {
        this.ring = new Event[capacity];
    }

    void add(long time, int node, Kind kind, int peer, Object detail) {
        ring[(int) (count % ring.length)] = new Event(time, node, kind, peer, detail);
        count++;
    }

    /** Events recorded in the whole run, including those no longer kept. */
    public long totalEvents() {
        return count;
    }

    /** The kept events, oldest first. */
    public List<Event> events() {
        int kept = (int) Math.min(count, ring.length);
        List<Event> events = new ArrayList<>(kept);
        for (long i = count - kept; i < count; i++) {
            events.add(ring[(int) (i % ring.length)]);
        }
        return events;
    }

    /** The last {@code n} kept events, one per line, with a note of how many came before. */
    public String render(int n) {
        List<Event> events = events();
        List<Event> shown = events.subList(Math.max(0, events.size() - n), events.size());
        StringBuilder out = new StringBuilder();
        long omitted = count - shown.size();
        if (omitted > 0) {
            out.append("  … ").append(omitted).append(" earlier events not shown\n");
        }
        for (Event event : shown) {
            out.append(event).append('\n');
        }
        return out.toString();
    }

    /** Every kept event, one per line. */
    public String render() {
        return render(ring.length);
    }
}
