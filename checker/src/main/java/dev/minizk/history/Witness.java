package dev.minizk.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The few ops (and events) of a history that conflict, printed as a timeline: one row each,
 * ordered by time, with a bar showing when each was in flight.
 */
public record Witness(History history, List<Integer> ops, List<WatchEvent> events) {
    private static final int BAR_WIDTH = 24;

    public Witness {
        ops = List.copyOf(new TreeSet<>(ops));
        events = List.copyOf(events);
    }

    static Witness of(History history, Integer... ops) {
        List<Integer> known = new ArrayList<>();
        for (Integer op : ops) {
            if (op != null && op >= 0) {
                known.add(op);
            }
        }
        return new Witness(history, known, List.of());
    }

    Witness with(WatchEvent event) {
        List<WatchEvent> more = new ArrayList<>(events);
        more.add(event);
        return new Witness(history, ops, more);
    }

    private record Row(long from, long to, String who, long session, String text) {
    }

    public String timeline() {
        List<Row> rows = new ArrayList<>();
        for (int i : ops) {
            Op op = history.ops().get(i);
            rows.add(new Row(op.invokedAt(), op.completedAt(), "#" + i, op.session(),
                    op.command().describe() + " → " + op.outcome()));
        }
        for (WatchEvent e : events) {
            rows.add(new Row(e.receivedAt(), e.receivedAt(), "event", e.session(), e.type() + " " + e.path()));
        }
        rows.sort(Comparator.comparingLong(Row::from).thenComparingLong(Row::to));
        long start = rows.stream().mapToLong(Row::from).min().orElse(0);
        long end = rows.stream().mapToLong(Row::to).max().orElse(0);
        StringBuilder text = new StringBuilder(String.format("  %-6s %-8s %-" + (BAR_WIDTH + 2) + "s %s%n",
                "op", "session", "t=" + start + ".." + end, "what → outcome"));
        for (Row row : rows) {
            text.append(String.format("  %-6s %-8s |%s| %s%n", row.who(), "0x" + Long.toHexString(row.session()),
                    bar(row, start, end), row.text()));
        }
        return text.toString();
    }

    private static String bar(Row row, long start, long end) {
        double span = Math.max(1, end - start);
        int from = (int) Math.round((row.from() - start) / span * (BAR_WIDTH - 1));
        int to = (int) Math.round((row.to() - start) / span * (BAR_WIDTH - 1));
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < BAR_WIDTH; i++) {
            bar.append(i < from || i > to ? ' ' : row.from() == row.to() ? '*' : '=');
        }
        return bar.toString();
    }
}
