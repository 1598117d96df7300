package dev.minizk.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Turns a parsed reference source into its student-edition text. */
public final class EditionRenderer {

    private EditionRenderer() {}

    /**
     * @param solvedStages stages whose solutions stay in the edition (only their marker lines go)
     * @return the edition text; the caller decides separately whether the file is shipped at all
     */
    public static String render(ParsedSource source, Set<String> solvedStages) {
        if (source.hasErrors()) {
            throw new IllegalArgumentException("cannot render " + source.path() + ": it has marker errors");
        }
        List<String> lines = source.lines();
        List<String> out = new ArrayList<>(lines.size());
        int fileMarkerLine = 0;
        if (source.fileMarker() instanceof FileMarker.SolutionFile f) {
            fileMarkerLine = f.line();
        } else if (source.fileMarker() instanceof FileMarker.InstructorFile f) {
            fileMarkerLine = f.line();
        }
        int next = 1; // 1-based number of the next line to copy
        for (SolutionRegion region : source.regions()) {
            copyPlain(lines, next, region.beginLine() - 1, fileMarkerLine, out);
            if (solvedStages.contains(region.task().stage())) {
                // Keep the reference code, drop the marker and STUB lines.
                for (int n = region.beginLine() + 1; n < region.endLine(); n++) {
                    if (MarkerParser.markerText(lines.get(n - 1)).isEmpty()) {
                        out.add(lines.get(n - 1));
                    }
                }
            } else {
                out.addAll(region.studentLines());
            }
            next = region.endLine() + 1;
        }
        copyPlain(lines, next, lines.size(), fileMarkerLine, out);

        String text = String.join(source.lineSeparator(), out);
        return source.endsWithNewline() && !out.isEmpty() ? text + source.lineSeparator() : text;
    }

    private static void copyPlain(List<String> lines, int from, int to, int fileMarkerLine, List<String> out) {
        for (int n = from; n <= to; n++) {
            if (n != fileMarkerLine) {
                out.add(lines.get(n - 1));
            }
        }
    }
}
