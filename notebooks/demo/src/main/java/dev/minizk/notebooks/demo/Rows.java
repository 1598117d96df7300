package dev.minizk.notebooks.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts repeats, so that a long run reads as a story: a block of up to {@link #BLOCK} rows
 * that repeats back to back is drawn once with its count; a stretch of rows in which at most
 * {@link #KINDS} kinds of row alternate, each at least twice (a client retrying once a second
 * between a server's expiry ticks), becomes one row per kind, in the order they first appear,
 * with its count and its first and last time. A row that happens once ends the stretch, so
 * nothing is ever moved past an event that happened once.
 */
final class Rows {
    /** How many kinds of row may alternate in one counted stretch. */
    static final int KINDS = 3;
    /** The longest block of rows that is counted as a whole when it repeats back to back. */
    static final int BLOCK = 8;

    private Rows() {
    }

    /** Works on anything with an equals: rows of a diagram, lines of a timeline without their time. */
    static <T> List<Counted<T>> collapse(List<Counted<T>> items, int kinds) {
        List<Counted<T>> out = new ArrayList<>();
        int i = 0;
        while (i < items.size()) {
            int[] block = repeatedBlock(items, i);
            int end = longestStretch(items, i, kinds);
            if (block != null && block[0] * block[1] > end - i) { // whichever counts more rows
                int length = block[0];
                int times = block[1];
                for (int k = 0; k < length; k++) {
                    Counted<T> first = items.get(i + k);
                    Counted<T> last = items.get(i + (times - 1) * length + k);
                    out.add(new Counted<>(first.first(), last.last(), times, first.what()));
                }
                i += length * times;
                continue;
            }
            if (end - i < 2) {
                out.add(items.get(i));
                i++;
                continue;
            }
            Map<T, Counted<T>> groups = new LinkedHashMap<>();
            for (Counted<T> item : items.subList(i, end)) {
                groups.merge(item.what(), item, (a, b) -> new Counted<>(a.first(), b.last(), a.count() + b.count(), a.what()));
            }
            out.addAll(groups.values());
            i = end;
        }
        return out;
    }

    /**
     * A block of rows that repeats back to back from {@code start} (a server re-sending its vote
     * to every peer, once per timeout): {length, times} for the shortest such block of at most
     * {@link #BLOCK} rows with at least two rows, or null. Rows of one kind are left to
     * {@link #longestStretch}.
     */
    private static <T> int[] repeatedBlock(List<Counted<T>> items, int start) {
        for (int length = 2; length <= BLOCK && start + 2 * length <= items.size(); length++) {
            int times = 1;
            while (start + (times + 1) * length <= items.size() && sameBlock(items, start, start + times * length, length)) {
                times++;
            }
            if (times >= 2) {
                return new int[] {length, times};
            }
        }
        return null;
    }

    private static <T> boolean sameBlock(List<Counted<T>> items, int a, int b, int length) {
        if (items.subList(a, a + length).stream().map(Counted::what).distinct().count() < 2) {
            return false; // one kind of row: a stretch, not a block
        }
        for (int k = 0; k < length; k++) {
            if (!items.get(a + k).what().equals(items.get(b + k).what())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end of the longest stretch from {@code start} with at most {@code kinds} kinds of item,
     * each seen at least twice in it; {@code start} itself when there is none.
     */
    private static <T> int longestStretch(List<Counted<T>> items, int start, int kinds) {
        Set<T> seen = new LinkedHashSet<>();
        int end = start;
        while (end < items.size() && (seen.contains(items.get(end).what()) || seen.size() < kinds)) {
            seen.add(items.get(end).what());
            end++;
        }
        for (; end - start >= 2; end--) {
            Map<T, Integer> counts = new HashMap<>();
            items.subList(start, end).forEach(item -> counts.merge(item.what(), 1, Integer::sum));
            if (counts.values().stream().allMatch(n -> n >= 2)) {
                return end;
            }
        }
        return start;
    }

    static List<Row.Timed> collapse(List<Row.Timed> rows) {
        List<Counted<Row>> counted = rows.stream().map(r -> new Counted<>(r.first(), r.last(), r.count(), r.row())).toList();
        List<Row.Timed> out = new ArrayList<>();
        int original = 0;
        for (Counted<Row> c : collapse(counted, KINDS)) {
            out.add(new Row.Timed(c.first(), c.last(), c.count(), c.what(), c.count() == 1 ? rows.get(original).sent() : -1));
            original += c.count();
        }
        return out;
    }

    /** Something that happened {@code count} times, first at {@code first}, last at {@code last}. */
    record Counted<T>(long first, long last, int count, T what) {
    }
}
