package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EditionRendererTest {

    private static final String SOURCE = String.join("\n",
            "class A {",
            "    int f() {",
            "        " + "// BEGIN SOLUTION 01.3",
            "        int x = 40;",
            "        return x + 2;",
            "        " + "// STUB: return 0;",
            "        " + "// END SOLUTION",
            "    }",
            "    void g() {",
            "        " + "// BEGIN SOLUTION 01.4",
            "        run();",
            "        " + "// END SOLUTION",
            "    }",
            "}") + "\n";

    private static ParsedSource parse(String text) {
        return MarkerParser.parse("01-x/A.java", text, Optional.of("01"));
    }

    @Test
    void unsolved_regions_become_their_stubs_or_a_todo_throw() {
        assertThat(EditionRenderer.render(parse(SOURCE), Set.of())).isEqualTo(String.join("\n",
                "class A {",
                "    int f() {",
                "        return 0; // TODO 01.3",
                "    }",
                "    void g() {",
                "        throw new UnsupportedOperationException(\"TODO 01.4\");",
                "    }",
                "}") + "\n");
    }

    @Test
    void solved_stages_keep_the_code_without_marker_lines() {
        assertThat(EditionRenderer.render(parse(SOURCE), Set.of("01"))).isEqualTo(String.join("\n",
                "class A {",
                "    int f() {",
                "        int x = 40;",
                "        return x + 2;",
                "    }",
                "    void g() {",
                "        run();",
                "    }",
                "}") + "\n");
    }

    @Test
    void crlf_files_stay_crlf_and_a_solved_solution_file_loses_its_marker_line() {
        String text = "// SOLUTION FILE 01.2\r\nclass B {}\r\n";
        assertThat(EditionRenderer.render(parse(text), Set.of("01"))).isEqualTo("class B {}\r\n");
    }

    @Test
    void a_file_with_marker_errors_is_never_rendered() {
        assertThatThrownBy(() -> EditionRenderer.render(parse("// BEGIN SOLUTION 01.1\n"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
