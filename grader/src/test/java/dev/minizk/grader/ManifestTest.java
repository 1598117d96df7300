package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ManifestTest {

    @TempDir
    Path temp;

    private Manifest read(String json) throws IOException {
        Path file = temp.resolve("grading.json");
        Files.writeString(file, json);
        return Manifest.read(file, "01", "01-x/grading.json");
    }

    @Test
    void a_manifest_lists_tasks_in_order_with_zero_hidden_tests_by_default() throws IOException {
        Manifest manifest = read("{\"stage\":\"01\",\"title\":\"T\",\"tasks\":["
                + "{\"id\":\"01.10\",\"title\":\"Ten\",\"points\":5,\"tests\":1},"
                + "{\"id\":\"01.2\",\"title\":\"Two\",\"points\":2.5,\"tests\":3,\"hiddenTests\":1}]}");
        assertThat(manifest.tasks()).containsExactly(new ManifestTask("01.2", "Two", 2.5, 3, 1),
                new ManifestTask("01.10", "Ten", 5, 1, 0));
        assertThat(manifest.totalPoints()).isEqualTo(7.5);
    }

    @Test
    void every_problem_names_the_file_and_the_field() {
        assertThatThrownBy(() -> read("{\"stage\":\"01\",\"title\":\"T\",\"tasks\":[{\"id\":\"01.1\",\"title\":\"A\","
                + "\"points\":1,\"tests\":1,\"hiddentests\":2}]}"))
                .isInstanceOf(UserError.class).hasMessageStartingWith("01-x/grading.json: tasks[0]: unknown field \"hiddentests\"");
        assertThatThrownBy(() -> read("{\"stage\":\"02\",\"title\":\"T\",\"tasks\":[]}"))
                .hasMessage("01-x/grading.json: \"stage\" is \"02\" but the module is stage 01");
        assertThatThrownBy(() -> read("{\"stage\":\"01\",\"title\":\"T\",\"tasks\":[{\"id\":\"02.1\",\"title\":\"A\",\"points\":1,\"tests\":1}]}"))
                .hasMessageContaining("tasks[0].id \"02.1\" is not a task of stage 01");
        assertThatThrownBy(() -> read("{\"stage\":\"01\",\"title\":\"T\",\"tasks\":[{\"id\":\"01.1\",\"title\":\"A\",\"points\":1,\"tests\":-1}]}"))
                .hasMessageContaining("\"tests\" must be a whole number >= 0");
        assertThatThrownBy(() -> read("{\"stage\": \"01\",,}"))
                .hasMessageStartingWith("01-x/grading.json:1:").hasMessageContaining("not valid JSON");
    }
}
