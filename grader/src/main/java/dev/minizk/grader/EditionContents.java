package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What belongs in a student edition, derived rather than listed by hand: the modules the
 * root pom names in {@code <modules>}, the course's folders that are not modules
 * ({@link #COURSE_FOLDERS}), and the files at the top of the repository except archives.
 * Anything else found in the repository (an earlier edition written inside it, an
 * autograder zip, a scratch folder) stays out. Inside those, {@link ReleaseGenerator}
 * still leaves out build output, hidden tests, instructor files and unsolved solution files.
 */
public final class EditionContents {

    /** Top-level folders of the course that are not Maven modules. */
    static final Set<String> COURSE_FOLDERS = Set.of("lessons");
    /** The student README's source; the edition gets it as README.md, in place of the instructor's. */
    static final String STUDENT_README = "grader/edition/README.md";
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    private static final Pattern ARCHIVE = Pattern.compile(".*\\.(zip|jar|war|tar|tgz|gz|bz2|xz|7z)$");

    private final Set<String> topFolders;

    private EditionContents(Set<String> topFolders) {
        this.topFolders = Set.copyOf(topFolders);
    }

    public static EditionContents of(Path root) {
        Set<String> folders = new LinkedHashSet<>(COURSE_FOLDERS);
        modules(root).forEach(module -> folders.add(module.split("/")[0]));
        return new EditionContents(folders);
    }

    /** The modules named by the root pom (comments are not parsed out: the pom keeps none there). */
    static List<String> modules(Path root) {
        Path pom = root.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return List.of();
        }
        try {
            String text = Files.readString(pom, StandardCharsets.UTF_8).replaceAll("(?s)<!--.*?-->", "");
            Matcher m = MODULE.matcher(text);
            List<String> modules = new java.util.ArrayList<>();
            while (m.find()) {
                modules.add(m.group(1).replaceAll("/+$", ""));
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a repository-relative path ('/'-separated) belongs in an edition by where it lies. */
    public boolean belongs(String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return !ARCHIVE.matcher(path).matches() && !path.equals(ReleaseGenerator.EDITION_MARKER);
        }
        if (path.equals(STUDENT_README)) {
            return false; // shipped as README.md
        }
        return topFolders.contains(path.substring(0, slash));
    }

    /**
     * The files that belong, less every folder that holds an earlier edition (a
     * {@code .minizk-edition} file below the root): such a folder is never copied whole.
     */
    public List<String> select(List<String> files) {
        List<String> nested = files.stream().filter(p -> p.endsWith("/" + ReleaseGenerator.EDITION_MARKER))
                .map(p -> p.substring(0, p.length() - ReleaseGenerator.EDITION_MARKER.length())).toList();
        return files.stream().filter(this::belongs).filter(p -> nested.stream().noneMatch(p::startsWith)).toList();
    }

    public Set<String> topFolders() {
        return topFolders;
    }
}
