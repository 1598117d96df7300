package dev.minizk.grader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage module: a top-level folder named {@code NN-something}, such as
 * {@code 01-znode-tree}, whose stage id is its two leading digits.
 */
public record StageModule(String stage, String folder, Path dir) {

    private static final Pattern FOLDER = Pattern.compile("^(\\d\\d)-.+$");

    /** The stage id of a top-level folder name, if it names a stage. */
    public static Optional<String> stageOfFolder(String folder) {
        Matcher m = FOLDER.matcher(folder);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The stage id of the module holding a repository-relative path such as {@code 01-x/src/A.java}. */
    public static Optional<String> stageOfPath(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash < 0 ? Optional.empty() : stageOfFolder(relativePath.substring(0, slash));
    }

    public Path manifestFile() {
        return dir.resolve("grading.json");
    }

    public boolean hasManifest() {
        return Files.isRegularFile(manifestFile());
    }

    public Path mainSources() {
        return dir.resolve("src/main/java");
    }

    public Path hiddenTestSources() {
        return dir.resolve("src/hidden-test/java");
    }

    public Path mainClasses() {
        return dir.resolve("target/classes");
    }

    public Path testClasses() {
        return dir.resolve("target/test-classes");
    }

    /** Written by the build: the stage's test classpath, see {@link MavenBuild}. */
    public Path gradeClasspathFile() {
        return dir.resolve("target/grade.classpath");
    }
}
