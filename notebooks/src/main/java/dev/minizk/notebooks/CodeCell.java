package dev.minizk.notebooks;

import java.util.List;

/**
 * One code cell of a notebook.
 *
 * @param number       1-based, counting code cells only (markdown cells are not counted),
 *                     the number a failure message reports
 * @param source       the cell's text
 * @param storedErrors error outputs saved in the file ("ename: evalue"); a committed
 *                     notebook should have none
 */
public record CodeCell(int number, String source, List<String> storedErrors) {

    public CodeCell {
        storedErrors = List.copyOf(storedErrors);
    }

    /** The first {@code count} lines, so a failure message shows which cell is meant. */
    public List<String> firstLines(int count) {
        List<String> lines = source.lines().toList();
        if (lines.size() <= count) {
            return lines;
        }
        List<String> shown = new java.util.ArrayList<>(lines.subList(0, count));
        shown.add("… (" + (lines.size() - count) + " more lines)");
        return shown;
    }
}
