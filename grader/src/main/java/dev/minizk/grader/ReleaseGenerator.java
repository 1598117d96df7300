package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the student edition of a course repository: the same files, with
 * solution regions replaced by their stubs and with hidden tests, instructor
 * files and solution files of unsolved stages left out.
 */
public final class ReleaseGenerator {

    /** Marks a folder as an edition, so that a later release may overwrite it. */
    public static final String EDITION_MARKER = ".minizk-edition";

    private ReleaseGenerator() {}

    /** Parses the markers of every Java file of the repository, hidden tests included. */
    public static List<MarkerError> checkMarkers(CourseRepository repo) {
        List<MarkerError> errors = new ArrayList<>();
        for (String path : RepoFiles.list(repo.root(), true, null)) {
            if (hasMarkerSyntax(path)) {
                errors.addAll(parse(repo, path).errors());
            }
        }
        return errors;
    }

    /** How many Java files {@link #checkMarkers} reads. */
    public static long markerFileCount(CourseRepository repo) {
        return RepoFiles.list(repo.root(), true, null).stream().filter(ReleaseGenerator::hasMarkerSyntax).count();
    }

    public static ReleaseSummary write(CourseRepository repo, ReleaseOptions options) {
        Path out = options.out().toAbsolutePath().normalize();
        for (String stage : options.solvedStages()) {
            repo.stage(stage); // a clear error for an unknown stage
        }
        checkOutputFolder(repo, out, options.out());

        // Parse everything before writing anything: an edition is written whole or not at all.
        EditionContents contents = EditionContents.of(repo.root());
        List<String> files = contents.select(RepoFiles.list(repo.root(), true, out));
        List<MarkerError> errors = new ArrayList<>();
        List<ParsedSource> parsed = new ArrayList<>();
        for (String path : files) {
            if (hasMarkerSyntax(path)) {
                ParsedSource source = parse(repo, path);
                errors.addAll(source.errors());
                parsed.add(source);
            }
        }
        if (!errors.isEmpty()) {
            throw new UserError(errors.size() + " marker error(s); nothing written:\n"
                    + errors.stream().map(MarkerError::toString).collect(Collectors.joining("\n")), 1);
        }

        clearPreviousEdition(out);
        int written = 0;
        int regions = 0;
        int hidden = 0;
        int solutionFiles = 0;
        int instructorFiles = 0;
        int next = 0;
        try {
            for (String path : files) {
                ParsedSource source = hasMarkerSyntax(path) ? parsed.get(next++) : null;
                if (!options.withHidden() && RepoFiles.isHiddenTest(path)) {
                    hidden++;
                    continue;
                }
                Path target = out.resolve(path);
                Files.createDirectories(target.getParent());
                Path studentReadme = repo.root().resolve(EditionContents.STUDENT_README);
                if (path.equals("README.md") && Files.isRegularFile(studentReadme)) {
                    Files.copy(studentReadme, target, StandardCopyOption.REPLACE_EXISTING);
                    written++;
                    continue;
                }
                if (source == null || !source.hasMarkers()) {
                    Files.copy(repo.root().resolve(path), target,
                            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    written++;
                    continue;
                }
                if (source.fileMarker() instanceof FileMarker.InstructorFile) {
                    instructorFiles++;
                    continue;
                }
                if (source.fileMarker() instanceof FileMarker.SolutionFile file
                        && !options.solvedStages().contains(file.task().stage())) {
                    solutionFiles++;
                    continue;
                }
                Files.writeString(target, EditionRenderer.render(source, options.solvedStages()), StandardCharsets.UTF_8);
                regions += (int) source.regions().stream()
                        .filter(r -> !options.solvedStages().contains(r.task().stage())).count();
                written++;
            }
            Files.writeString(out.resolve(EDITION_MARKER), "Student edition of minizk, written by `./grade release`.\n"
                    + "Solved stages: " + (options.solvedStages().isEmpty() ? "none"
                    : String.join(", ", options.solvedStages().stream().sorted().toList())) + "\n"
                    + "Hidden tests: " + (options.withHidden() ? "included" : "left out") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReleaseSummary(written, regions, hidden, solutionFiles, instructorFiles);
    }

    /** Java sources may carry markers; fixture projects of the grader's tests are data, copied as is. */
    static boolean hasMarkerSyntax(String path) {
        return path.endsWith(".java") && !RepoFiles.isFixture(path);
    }

    static ParsedSource parse(CourseRepository repo, String path) {
        try {
            String content = Files.readString(repo.root().resolve(path), StandardCharsets.UTF_8);
            return MarkerParser.parse(path, content, StageModule.stageOfPath(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkOutputFolder(CourseRepository repo, Path out, Path asGiven) {
        if (out.equals(repo.root()) || repo.root().startsWith(out)) {
            throw new UserError("--out " + asGiven + ": that is the repository or a folder around it; choose a new folder");
        }
        if (out.startsWith(repo.root())) {
            throw new UserError("--out " + asGiven + ": that is inside the repository, where the next edition could pick it up;"
                    + " choose a folder outside " + repo.root());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + asGiven + ": is a file, not a folder");
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !Files.isRegularFile(out.resolve(EDITION_MARKER))) {
            throw new UserError("--out " + asGiven + ": folder is not empty and is not a previous student edition (it has no "
                    + EDITION_MARKER + "); choose an empty or new folder");
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties a previous edition but keeps its .git, so an edition can live in its own repository. */
    private static void clearPreviousEdition(Path out) {
        if (!Files.isDirectory(out)) {
            return;
        }
        try (Stream<Path> children = Files.list(out)) {
            for (Path child : children.filter(c -> !c.getFileName().toString().equals(".git")).toList()) {
                deleteRecursively(child);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void deleteRecursively(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stages named by {@code --solved 01,02}. */
    public static Set<String> parseStageList(String option, String value) {
        Set<String> stages = new java.util.TreeSet<>();
        if (value == null || value.isBlank()) {
            return stages;
        }
        for (String part : value.split(",")) {
            String stage = part.strip();
            if (!stage.matches("\\d\\d")) {
                throw new UserError(option + " " + value + ": '" + stage + "' is not a stage id (expected two digits, e.g. 01,02)");
            }
            stages.add(stage);
        }
        return stages;
    }
}
