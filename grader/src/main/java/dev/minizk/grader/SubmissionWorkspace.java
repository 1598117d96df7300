package dev.minizk.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fresh copy of the release with a submission's main sources laid over it.
 * Only {@code src/main/java} comes from the submission: its tests, poms and
 * scripts are ignored, so editing a test or the build cannot earn points. Of
 * that, only what {@link SubmissionFiles} accepts is taken; the rest is listed.
 */
public final class SubmissionWorkspace implements AutoCloseable {

    private final Path dir;
    private final CourseRepository repo;
    private final String sourcesNote;
    private final String problem;
    private final List<String> rejectedFiles;
    private final List<StageModule> fromSubmission;
    private final List<Set<String>> packages;

    private SubmissionWorkspace(Path dir, String sourcesNote, String problem, List<String> rejectedFiles,
                                List<String> fromSubmission, List<Set<String>> packages) {
        this.dir = dir;
        this.repo = new CourseRepository(dir);
        this.sourcesNote = sourcesNote;
        this.problem = problem;
        this.rejectedFiles = List.copyOf(rejectedFiles);
        this.fromSubmission = fromSubmission.stream().map(repo::stage).toList();
        this.packages = List.copyOf(packages);
    }

    /**
     * @param release        the pristine student edition or the instructor's repository
     * @param referenceBelow keep the release's main sources for stages below the graded one
     */
    public static SubmissionWorkspace prepare(CourseRepository release, Path submission, StageModule graded,
                                              boolean referenceBelow) {
        if (!Files.isDirectory(submission)) {
            throw new UserError("--submission " + submission + ": no such folder");
        }
        try {
            Path dir = Files.createTempDirectory("minizk-submission-");
            for (String path : RepoFiles.list(release.root(), true, null)) {
                Path target = dir.resolve(path);
                Files.createDirectories(target.getParent());
                Files.copy(release.root().resolve(path), target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Path submissionRoot = findRoot(submission, graded.folder());
            List<String> fromSubmission = new ArrayList<>();
            List<Set<String>> packages = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            List<String> fromRelease = new ArrayList<>();
            String problem = null;
            for (StageModule stage : release.stages()) {
                if (stage.stage().compareTo(graded.stage()) > 0) {
                    continue;
                }
                boolean wanted = stage.stage().equals(graded.stage()) || !referenceBelow;
                Path theirs = submissionRoot == null ? null : submissionRoot.resolve(stage.folder()).resolve("src/main/java");
                if (wanted && theirs != null && Files.isDirectory(theirs, LinkOption.NOFOLLOW_LINKS)) {
                    Path ours = dir.resolve(stage.folder()).resolve("src/main/java");
                    Set<String> owned = SubmissionFiles.packagesOf(stage.mainSources());
                    ReleaseGenerator.deleteRecursively(ours);
                    rejected.addAll(SubmissionFiles.copyAccepted(theirs, ours, owned, stage.folder() + "/src/main/java"));
                    fromSubmission.add(stage.stage());
                    packages.add(owned);
                } else {
                    fromRelease.add(stage.stage() + (wanted ? " (not in the submission)" : ""));
                    if (stage.stage().equals(graded.stage())) {
                        problem = "the submission has no " + graded.folder() + "/src/main/java, so there is nothing to grade";
                    }
                }
            }
            String note = "from the submission: " + (fromSubmission.isEmpty() ? "none" : String.join(", ", fromSubmission))
                    + "; from the release" + (referenceBelow ? " (--reference-below)" : "") + ": "
                    + (fromRelease.isEmpty() ? "none" : String.join(", ", fromRelease));
            return new SubmissionWorkspace(dir, note, problem, rejected, fromSubmission, packages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CourseRepository repo() {
        return repo;
    }

    public String sourcesNote() {
        return sourcesNote;
    }

    /** Why the submission cannot be graded at all, or null. */
    public String problem() {
        return problem;
    }

    /** One line per submission file that was left out, naming it and why. */
    public List<String> rejectedFiles() {
        return rejectedFiles;
    }

    /** After the build: removes class files the submission may not provide; one line per class. */
    public List<String> removeStrayClasses() {
        return SubmissionFiles.removeStrayClasses(repo, fromSubmission, packages);
    }

    @Override
    public void close() {
        ReleaseGenerator.deleteRecursively(dir);
    }

    /** The submission folder itself, or its only subfolder holding the stage (a zip with a top folder). */
    private static Path findRoot(Path submission, String stageFolder) throws IOException {
        if (Files.isDirectory(submission.resolve(stageFolder))) {
            return submission;
        }
        try (Stream<Path> children = Files.list(submission)) {
            List<Path> candidates = children.filter(c -> Files.isDirectory(c.resolve(stageFolder))).toList();
            return candidates.size() == 1 ? candidates.get(0) : null;
        }
    }
}
