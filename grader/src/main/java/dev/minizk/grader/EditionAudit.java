package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Proves that a written edition leaks nothing: every file lies where {@link EditionContents}
 * says an edition may have files, no earlier edition is nested in it, no hidden test and no
 * instructor file is there, no solution marker is left, and no unsolved solution region's
 * code appears in any Java file of it, main or test.
 *
 * Solution code is found by text: any {@value #SHINGLE} consecutive significant lines of a
 * region (whitespace folded; comments and lines shorter than {@value #MIN_LINE} characters
 * skipped) found in the same order in an edition file. This catches a solution copied into
 * a test helper or left in another method; it does not catch the same logic written anew in
 * other words, which is why helpers that compute a task's expected answers live in
 * {@code src/hidden-test/java}.
 */
public final class EditionAudit {

    static final int SHINGLE = 3;
    static final int MIN_LINE = 12;

    private EditionAudit() {}

    /** @return one line per problem; empty when the edition is clean */
    public static List<String> audit(CourseRepository reference, Path edition, Set<String> solvedStages, boolean withHidden) {
        EditionContents contents = EditionContents.of(reference.root());
        Map<String, String> solutionShingles = solutionShingles(reference, solvedStages);
        List<String> problems = new ArrayList<>();
        for (String path : filesOf(edition)) {
            if (path.equals(ReleaseGenerator.EDITION_MARKER) || path.equals("README.md")) {
                continue;
            }
            if (path.endsWith("/" + ReleaseGenerator.EDITION_MARKER)) {
                problems.add(path + ": an earlier edition inside this one");
                continue;
            }
            if (!contents.belongs(path)) {
                problems.add(path + ": not part of an edition (not in a module of the root pom, nor in "
                        + String.join(", ", EditionContents.COURSE_FOLDERS.stream().sorted().toList()) + ")");
                continue;
            }
            if (!withHidden && RepoFiles.isHiddenTest(path)) {
                problems.add(path + ": a hidden test");
                continue;
            }
            if (path.endsWith(".java") && !RepoFiles.isFixture(path)) {
                auditJava(edition, path, solutionShingles, problems);
            }
        }
        return problems;
    }

    private static void auditJava(Path edition, String path, Map<String, String> solutionShingles, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(edition.resolve(path), StandardCharsets.UTF_8);
        } catch (MalformedInputException notUtf8) {
            problems.add(path + ": not UTF-8");
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (MarkerParser.markerText(lines.get(i)).isPresent()) {
                String marker = lines.get(i).strip();
                problems.add(path + ":" + (i + 1) + ": " + (marker.contains("INSTRUCTOR FILE") ? "an instructor file"
                        : "a solution marker left in the edition (" + marker + ")"));
                return;
            }
        }
        if (RepoFiles.isHiddenTest(path)) {
            return; // in an edition only when asked for (checks, Gradescope), never for students: oracles may live there
        }
        List<Integer> at = new ArrayList<>();
        List<String> significant = significantLines(lines, at);
        for (int i = 0; i + SHINGLE <= significant.size(); i++) {
            String task = solutionShingles.get(String.join("\n", significant.subList(i, i + SHINGLE)));
            if (task != null) {
                problems.add(path + ":" + at.get(i) + ": the solution of " + task + " (" + SHINGLE
                        + " lines of its solution region, from \"" + significant.get(i) + "\")");
                return;
            }
        }
    }

    /** Shingles of every solution region of a stage that is not solved, with the region's task. */
    static Map<String, String> solutionShingles(CourseRepository reference, Set<String> solvedStages) {
        Map<String, String> shingles = new HashMap<>();
        for (String path : RepoFiles.list(reference.root(), true, null)) {
            if (!ReleaseGenerator.hasMarkerSyntax(path)) {
                continue;
            }
            ParsedSource source = ReleaseGenerator.parse(reference, path);
            for (SolutionRegion region : source.regions()) {
                if (solvedStages.contains(region.task().stage())) {
                    continue;
                }
                List<String> body = source.lines().subList(region.beginLine(), region.endLine() - 1).stream()
                        .filter(l -> MarkerParser.markerText(l).isEmpty()).toList();
                List<String> significant = significantLines(body, new ArrayList<>());
                for (int i = 0; i + SHINGLE <= significant.size(); i++) {
                    shingles.putIfAbsent(String.join("\n", significant.subList(i, i + SHINGLE)), region.task().toString());
                }
            }
        }
        return shingles;
    }

    /** Code lines worth comparing, whitespace folded; {@code at} receives each one's 1-based line number. */
    static List<String> significantLines(List<String> lines, List<Integer> at) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip().replaceAll("\\s+", " ");
            if (line.length() < MIN_LINE || line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                continue;
            }
            out.add(line);
            at.add(i + 1);
        }
        return out;
    }

    /** Every file of the edition, '/'-separated, without its own .git. */
    private static List<String> filesOf(Path edition) {
        try (Stream<Path> all = Files.walk(edition)) {
            return all.filter(Files::isRegularFile)
                    .map(p -> edition.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
