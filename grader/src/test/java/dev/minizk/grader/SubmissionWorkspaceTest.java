package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Which files a submission may replace, without building anything. */
@Timeout(30)
class SubmissionWorkspaceTest {

    @TempDir
    Path temp;
    CourseRepository release;
    Path submission;

    @BeforeEach
    void makeReleaseAndSubmission() throws IOException {
        for (String root : new String[] {"release", "submission/my-repo"}) {
            String who = root.startsWith("release") ? "release" : "student";
            write(root + "/pom.xml", who);
            for (String stage : new String[] {"01-a", "02-b", "03-c"}) {
                write(root + "/" + stage + "/pom.xml", who);
                write(root + "/" + stage + "/src/main/java/Main.java", who);
                write(root + "/" + stage + "/src/test/java/MainTest.java", who);
            }
        }
        write("release/02-b/src/main/java/OnlyInRelease.java", "release");
        release = new CourseRepository(temp.resolve("release"));
        submission = temp.resolve("submission"); // a zip with one top folder
    }

    private void write(String path, String content) throws IOException {
        Path file = temp.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void only_main_sources_of_the_stage_and_the_stages_below_come_from_the_submission() throws IOException {
        try (SubmissionWorkspace work = SubmissionWorkspace.prepare(release, submission, release.stage("02"), false)) {
            Path dir = work.repo().root();
            assertThat(dir.resolve("01-a/src/main/java/Main.java")).hasContent("student");
            assertThat(dir.resolve("02-b/src/main/java/Main.java")).hasContent("student");
            assertThat(dir.resolve("02-b/src/main/java/OnlyInRelease.java")).as("main sources are replaced whole").doesNotExist();
            assertThat(dir.resolve("03-c/src/main/java/Main.java")).hasContent("release");
            assertThat(dir.resolve("02-b/src/test/java/MainTest.java")).hasContent("release");
            assertThat(dir.resolve("02-b/pom.xml")).hasContent("release");
            assertThat(dir.resolve("pom.xml")).hasContent("release");
            assertThat(work.sourcesNote()).isEqualTo("from the submission: 01, 02; from the release: none");
            assertThat(work.problem()).isNull();
        }
    }

    @Test
    void with_reference_below_earlier_stages_keep_the_release_sources() throws IOException {
        try (SubmissionWorkspace work = SubmissionWorkspace.prepare(release, submission, release.stage("02"), true)) {
            assertThat(work.repo().root().resolve("01-a/src/main/java/Main.java")).hasContent("release");
            assertThat(work.repo().root().resolve("02-b/src/main/java/Main.java")).hasContent("student");
            assertThat(work.sourcesNote()).isEqualTo("from the submission: 02; from the release (--reference-below): 01");
        }
    }

    @Test
    void a_submission_without_the_stage_is_not_graded_on_the_release_code() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        try (SubmissionWorkspace work = SubmissionWorkspace.prepare(release, empty, release.stage("01"), false)) {
            assertThat(work.problem()).isEqualTo("the submission has no 01-a/src/main/java, so there is nothing to grade");
        }
    }
}
