package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which files of a submission may take part in grading. A submission is hostile until
 * proven otherwise: a class it provides in a package it does not own (the grader's,
 * JUnit's, the tests' helpers, {@code java.*}) could replace the code that grades it.
 * So only {@code .java} files in the packages that the stage's release already has in
 * {@code src/main/java} are taken, and after compiling, only class files in those
 * packages that do not share a name with a test class stay. Everything else is left out
 * and reported, file by file.
 *
 * The second check is the one that cannot be fooled: javac puts a class where its
 * {@code package} declaration says (even one written with unicode escapes), not where its
 * source file lies.
 */
final class SubmissionFiles {

    /** Sources past this size are not code a student wrote for this course. */
    static final long MAX_SOURCE_BYTES = 512 * 1024;
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private SubmissionFiles() {}

    /** The package folders ({@code dev/minizk/tree}) that hold Java sources under {@code mainSources}. */
    static Set<String> packagesOf(Path mainSources) {
        Set<String> packages = new TreeSet<>();
        if (!Files.isDirectory(mainSources)) {
            return packages;
        }
        try (Stream<Path> files = Files.walk(mainSources)) {
            files.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).forEach(p ->
                    packages.add(slashed(mainSources.relativize(p.getParent()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    /**
     * Copies the acceptable files of a submission's {@code src/main/java} and returns one
     * line per file left out, naming it (relative to {@code shownAs}) and why.
     */
    static List<String> copyAccepted(Path from, Path to, Set<String> packages, String shownAs) throws IOException {
        List<String> rejected = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> walk = Files.walk(from)) {
            all = walk.sorted().toList();
        }
        Files.createDirectories(to);
        for (Path source : all) {
            if (source.equals(from) || Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            String relative = slashed(from.relativize(source));
            String why = whyRejected(source, relative, packages);
            if (why != null) {
                rejected.add(shownAs + "/" + relative + ": " + why);
                continue;
            }
            Path target = to.resolve(relative);
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }
        return rejected;
    }

    private static String whyRejected(Path source, String relative, Set<String> packages) throws IOException {
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file (links are not followed)";
        }
        if (!relative.endsWith(".java")) {
            return "not a .java file";
        }
        int slash = relative.lastIndexOf('/');
        String folder = slash < 0 ? "" : relative.substring(0, slash);
        if (!packages.contains(folder)) {
            return "not in a package of this stage (" + String.join(", ", packages.stream()
                    .map(p -> p.replace('/', '.')).toList()) + ")";
        }
        if (Files.size(source) > MAX_SOURCE_BYTES) {
            return "larger than " + MAX_SOURCE_BYTES / 1024 + " KiB";
        }
        Matcher declared = PACKAGE.matcher(Files.readString(source, StandardCharsets.ISO_8859_1));
        String expected = folder.replace('/', '.');
        boolean declares = declared.find();
        if (expected.isEmpty() ? declares : !declares || !declared.group(1).equals(expected)) {
            return "does not declare package " + expected;
        }
        return null;
    }

    /**
     * Deletes class files that a compiled submission put outside its stage's packages, or
     * that share a name with a test class of the build, and returns one line per class.
     *
     * @param stages   the stages whose main sources came from the submission
     * @param packages the release's package folders of each of those stages, in the same order
     */
    static List<String> removeStrayClasses(CourseRepository workspace, List<StageModule> stages, List<Set<String>> packages) {
        Set<String> testClasses = testClassFiles(workspace);
        List<String> stray = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Path classes = stages.get(i).mainClasses();
            if (!Files.isDirectory(classes)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    String relative = slashed(classes.relativize(file));
                    int slash = relative.lastIndexOf('/');
                    String folder = slash < 0 ? "" : relative.substring(0, slash);
                    String why = !packages.get(i).contains(folder) ? "a class outside the stage's packages"
                            : testClasses.contains(relative) ? "a class with the name of a test class" : null;
                    if (why != null) {
                        stray.add(stages.get(i).folder() + ": " + relative.replace('/', '.').replaceAll("\\.class$", "")
                                + ": " + why + " (removed before the tests ran)");
                        Files.delete(file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stray;
    }

    /** Every class file name under a {@code target/test-classes} folder of the workspace's modules. */
    private static Set<String> testClassFiles(CourseRepository workspace) {
        Set<String> names = new HashSet<>();
        try (Stream<Path> modules = Files.list(workspace.root())) {
            for (Path module : modules.filter(Files::isDirectory).toList()) {
                Path testClasses = module.resolve("target/test-classes");
                if (!Files.isDirectory(testClasses)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(testClasses)) {
                    walk.filter(p -> p.toString().endsWith(".class"))
                            .forEach(p -> names.add(slashed(testClasses.relativize(p))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static String slashed(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
