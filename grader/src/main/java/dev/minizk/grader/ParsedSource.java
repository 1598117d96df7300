package dev.minizk.grader;

import java.util.List;

/**
 * A Java source file after marker parsing.
 *
 * @param path  the file's path relative to the repository root, used in messages
 * @param lines the file's lines without line terminators
 */
public record ParsedSource(String path, List<String> lines, String lineSeparator, boolean endsWithNewline,
                           FileMarker fileMarker, List<SolutionRegion> regions, List<MarkerError> errors) {

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public boolean hasMarkers() {
        return !(fileMarker instanceof FileMarker.None) || !regions.isEmpty();
    }
}
