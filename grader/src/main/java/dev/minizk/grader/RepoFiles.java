package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files that make up the course repository: what git tracks plus
 * untracked files that are not ignored, or, outside a git checkout, every file
 * except build output. Paths are relative to the root, with '/' separators.
 */
public final class RepoFiles {

    private RepoFiles() {}

    /**
     * @param withHidden whether files under {@code src/hidden-test/} are included
     * @param skipDir    a folder to leave out (the output of a release inside the repo), or null
     */
    public static List<String> list(Path root, boolean withHidden, Path skipDir) {
        List<String> all = Files.exists(root.resolve(".git"))
                ? gitFiles(root).orElseGet(() -> walk(root))
                : walk(root);
        String skip = skipDir == null || !skipDir.toAbsolutePath().normalize().startsWith(root)
                ? null
                : root.relativize(skipDir.toAbsolutePath().normalize()).toString().replace('\\', '/') + "/";
        List<String> kept = new ArrayList<>();
        for (String path : all) {
            if (isBuildOrToolFile(path) || (!withHidden && isHiddenTest(path))
                    || (skip != null && !skip.equals("/") && path.startsWith(skip))) {
                continue;
            }
            if (Files.isRegularFile(root.resolve(path))) { // git still lists files deleted from the work tree
                kept.add(path);
            }
        }
        kept.sort(null);
        return kept;
    }

    public static boolean isHiddenTest(String path) {
        return path.startsWith("src/hidden-test/") || path.contains("/src/hidden-test/");
    }

    /** Fixture projects of the grader's own tests are test data: copied as they are, never parsed. */
    public static boolean isFixture(String path) {
        return path.contains("/src/test/fixtures/");
    }

    private static boolean isBuildOrToolFile(String path) {
        if (path.startsWith(".ci/") || path.startsWith(".git/") || path.equals(".git")) {
            return true;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("target") || segment.equals(".git")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<List<String>> gitFiles(Path root) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z",
                    "--cached", "--others", "--exclude-standard")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            byte[] output = git.getInputStream().readAllBytes();
            if (!git.waitFor(60, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return Optional.empty(); // not a work tree after all: fall back to walking
            }
            List<String> files = new ArrayList<>();
            for (String name : new String(output, StandardCharsets.UTF_8).split("\0")) {
                if (!name.isEmpty()) {
                    files.add(name);
                }
            }
            return Optional.of(files);
        } catch (IOException noGit) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> walk(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !isBuildOrToolFile(p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
