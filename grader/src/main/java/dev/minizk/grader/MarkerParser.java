package dev.minizk.grader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the solution markers of one Java source file. Strict on purpose: a
 * misspelled or misplaced marker would otherwise leak a solution into the
 * student edition or strip code that should stay, so every doubt is an error.
 *
 * <pre>
 *         // BEGIN SOLUTION 01.3
 *         ...reference code...
 *         // STUB: return List.of();
 *         // END SOLUTION
 * </pre>
 *
 * A marker is a whole line: optional indentation, {@code //}, then the marker.
 * Any {@code //} comment whose first word is one of the marker keywords must be
 * a valid marker; a comment such as {@code // END of loop} is therefore an error.
 */
public final class MarkerParser {

    private static final Set<String> KEYWORDS = Set.of("BEGIN", "END", "STUB", "SOLUTION", "INSTRUCTOR");
    private static final Pattern FIRST_WORD = Pattern.compile("^([^\\s:]*)");
    private static final Pattern BEGIN = Pattern.compile("^BEGIN\\s+SOLUTION\\s+(\\S+)$");
    private static final Pattern END = Pattern.compile("^END\\s+SOLUTION$");
    private static final Pattern STUB = Pattern.compile("^STUB:(.*)$");
    private static final Pattern SOLUTION_FILE = Pattern.compile("^SOLUTION\\s+FILE\\s+(\\S+)$");
    private static final Pattern INSTRUCTOR_FILE = Pattern.compile("^INSTRUCTOR\\s+FILE$");

    private MarkerParser() {}

    /**
     * @param path        the file's repository-relative path, for messages
     * @param moduleStage the stage of the module holding the file ({@code "01"}),
     *                    empty for modules that are not stages (they may use any task id)
     */
    public static ParsedSource parse(String path, String content, Optional<String> moduleStage) {
        String separator = content.contains("\r\n") ? "\r\n" : "\n";
        List<String> lines = new ArrayList<>(List.of(content.split("\r?\n", -1)));
        boolean endsWithNewline = lines.size() > 1 && lines.get(lines.size() - 1).isEmpty();
        if (endsWithNewline || content.isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return new Parse(path, lines, moduleStage).run(separator, endsWithNewline);
    }

    /** The text after {@code //} when the line is a comment whose first word is a marker keyword. */
    static Optional<String> markerText(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("//")) {
            return Optional.empty();
        }
        String text = trimmed.substring(2).strip();
        Matcher word = FIRST_WORD.matcher(text);
        word.find();
        return KEYWORDS.contains(word.group(1)) ? Optional.of(text) : Optional.empty();
    }

    private static String indentOf(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.substring(0, i);
    }

    /** State of one pass over one file. */
    private static final class Parse {
        private final String path;
        private final List<String> lines;
        private final Optional<String> moduleStage;
        private final List<MarkerError> errors = new ArrayList<>();
        private final List<SolutionRegion> regions = new ArrayList<>();
        private FileMarker fileMarker = new FileMarker.None();

        // The open region, if any. openTask stays null when the BEGIN line had a bad id,
        // so that its END does not add a second, confusing error.
        private int openLine = 0;
        private TaskId openTask;
        private String openIndent;
        private List<String> openStubs;
        private int ignoredNestedBegins = 0;

        Parse(String path, List<String> lines, Optional<String> moduleStage) {
            this.path = path;
            this.lines = lines;
            this.moduleStage = moduleStage;
        }

        ParsedSource run(String separator, boolean endsWithNewline) {
            int firstNonBlank = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    firstNonBlank = i + 1;
                    break;
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                int lineNo = i + 1;
                String line = lines.get(i);
                Optional<String> marker = markerText(line);
                if (marker.isPresent()) {
                    onMarker(lineNo, line, marker.get(), lineNo == firstNonBlank);
                }
            }
            if (openLine != 0) {
                String what = openTask == null ? "BEGIN SOLUTION" : "BEGIN SOLUTION " + openTask;
                error(openLine, what + " is never closed: no // END SOLUTION before the end of the file");
            }
            return new ParsedSource(path, List.copyOf(lines), separator, endsWithNewline,
                    fileMarker, List.copyOf(regions), List.copyOf(errors));
        }

        private void onMarker(int lineNo, String line, String text, boolean isFirstLine) {
            Matcher m;
            if ((m = BEGIN.matcher(text)).matches()) {
                onBegin(lineNo, line, m.group(1));
            } else if (END.matcher(text).matches()) {
                onEnd(lineNo);
            } else if ((m = STUB.matcher(text)).matches()) {
                if (openLine == 0) {
                    error(lineNo, "// STUB: outside a solution region (it must sit between BEGIN SOLUTION and END SOLUTION)");
                } else if (ignoredNestedBegins == 0) {
                    openStubs.add(indentOf(line) + m.group(1).strip());
                }
            } else if ((m = SOLUTION_FILE.matcher(text)).matches()) {
                Optional<TaskId> task = taskId(lineNo, m.group(1));
                if (!isFirstLine) {
                    error(lineNo, "// SOLUTION FILE must be the first non-blank line of the file");
                } else if (task.isPresent()) {
                    fileMarker = new FileMarker.SolutionFile(task.get(), lineNo);
                }
            } else if (INSTRUCTOR_FILE.matcher(text).matches()) {
                if (!isFirstLine) {
                    error(lineNo, "// INSTRUCTOR FILE must be the first non-blank line of the file");
                } else {
                    fileMarker = new FileMarker.InstructorFile(lineNo);
                }
            } else {
                error(lineNo, "malformed marker '// " + text + "' (expected one of: // BEGIN SOLUTION NN.K, "
                        + "// STUB: code, // END SOLUTION, // SOLUTION FILE NN.K, // INSTRUCTOR FILE)");
            }
        }

        private void onBegin(int lineNo, String line, String id) {
            if (openLine != 0) {
                error(lineNo, "nested BEGIN SOLUTION: the region opened at line " + openLine + " is not closed yet");
                ignoredNestedBegins++;
                return;
            }
            openLine = lineNo;
            openTask = taskId(lineNo, id).orElse(null);
            openIndent = indentOf(line);
            openStubs = new ArrayList<>();
        }

        private void onEnd(int lineNo) {
            if (openLine == 0) {
                error(lineNo, "// END SOLUTION without a matching // BEGIN SOLUTION");
                return;
            }
            if (ignoredNestedBegins > 0) {
                ignoredNestedBegins--;
                return;
            }
            if (openTask != null) {
                regions.add(new SolutionRegion(openTask, openLine, lineNo, openIndent, List.copyOf(openStubs)));
            }
            openLine = 0;
            openTask = null;
        }

        private Optional<TaskId> taskId(int lineNo, String id) {
            Optional<TaskId> task = TaskId.parse(id);
            if (task.isEmpty()) {
                error(lineNo, "malformed task id '" + id + "' (expected NN.K, for example 01.3)");
            } else if (moduleStage.isPresent() && !moduleStage.get().equals(task.get().stage())) {
                error(lineNo, "task " + id + " belongs to stage " + task.get().stage()
                        + ", but this file is in the module of stage " + moduleStage.get());
                return Optional.empty();
            }
            return task;
        }

        private void error(int lineNo, String message) {
            errors.add(new MarkerError(path, lineNo, message));
        }
    }
}
