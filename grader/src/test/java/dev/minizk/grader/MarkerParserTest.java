package dev.minizk.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// Marker lines are written as string literals on purpose: a line of this file
// that starts with "//" and a marker keyword would itself be parsed as a marker.
@Timeout(10)
class MarkerParserTest {

    private static ParsedSource parse(String... lines) {
        return MarkerParser.parse("01-x/src/main/java/A.java", String.join("\n", lines) + "\n", Optional.of("01"));
    }

    @Test
    void a_region_with_stubs_records_task_lines_and_indented_stub_code() {
        ParsedSource source = parse(
                "class A {",
                "    int f() {",
                "        " + "// BEGIN SOLUTION 01.3",
                "        return 42;",
                "        " + "// STUB: int x = 0;",
                "            " + "// STUB: return x;",
                "        " + "// END SOLUTION",
                "    }",
                "}");
        assertThat(source.errors()).isEmpty();
        assertThat(source.regions()).containsExactly(new SolutionRegion(new TaskId("01", 3), 3, 7, "        ",
                List.of("        int x = 0;", "            return x;")));
    }

    @Test
    void a_region_without_stub_becomes_a_todo_throw_at_the_begin_indentation() {
        ParsedSource source = parse("    " + "// BEGIN SOLUTION 01.12", "    x();", "    " + "// END SOLUTION");
        assertThat(source.regions().get(0).studentLines())
                .containsExactly("    throw new UnsupportedOperationException(\"TODO 01.12\");");
    }

    @Test
    void an_unterminated_region_is_reported_at_its_begin_line() {
        ParsedSource source = parse("class A {", "  " + "// BEGIN SOLUTION 01.1", "  x();", "}");
        assertThat(source.errors()).extracting(MarkerError::toString)
                .containsExactly("01-x/src/main/java/A.java:2: BEGIN SOLUTION 01.1 is never closed: "
                        + "no // END SOLUTION before the end of the file");
    }

    @Test
    void misspelled_markers_are_errors_with_their_line() {
        ParsedSource source = parse("// BEGIN SOLUTON 01.3", "x();", "// END SOLUTON", "// STUB return 1;");
        assertThat(source.errors()).extracting(MarkerError::line).containsExactly(1, 3, 4);
        assertThat(source.errors()).allSatisfy(e -> assertThat(e.message()).startsWith("malformed marker"));
        assertThat(source.errors().get(0).message()).contains("BEGIN SOLUTON 01.3");
    }

    @Test
    void a_nested_begin_is_an_error_and_does_not_cascade() {
        ParsedSource source = parse("// BEGIN SOLUTION 01.1", "// BEGIN SOLUTION 01.2", "x();",
                "// END SOLUTION", "// END SOLUTION");
        assertThat(source.errors()).extracting(MarkerError::toString)
                .containsExactly("01-x/src/main/java/A.java:2: nested BEGIN SOLUTION: the region opened at line 1 is not closed yet");
    }

    @Test
    void end_without_begin_and_stub_outside_a_region_are_errors() {
        ParsedSource source = parse("// END SOLUTION", "// STUB: return 0;");
        assertThat(source.errors()).extracting(MarkerError::line).containsExactly(1, 2);
        assertThat(source.errors().get(0).message()).contains("without a matching");
        assertThat(source.errors().get(1).message()).contains("outside a solution region");
    }

    @Test
    void malformed_task_ids_and_ids_of_another_stage_are_errors() {
        ParsedSource source = parse("// BEGIN SOLUTION 1.3", "// END SOLUTION",
                "// BEGIN SOLUTION 02.1", "// END SOLUTION", "// BEGIN SOLUTION 01.x", "// END SOLUTION");
        assertThat(source.errors()).extracting(MarkerError::message).containsExactly(
                "malformed task id '1.3' (expected NN.K, for example 01.3)",
                "task 02.1 belongs to stage 02, but this file is in the module of stage 01",
                "malformed task id '01.x' (expected NN.K, for example 01.3)");
        assertThat(source.regions()).isEmpty();
    }

    @Test
    void modules_that_are_not_stages_may_use_any_task_id() {
        ParsedSource source = MarkerParser.parse("final-system/A.java", "// BEGIN SOLUTION 06.1\n// END SOLUTION\n", Optional.empty());
        assertThat(source.errors()).isEmpty();
    }

    @Test
    void file_markers_must_be_the_first_non_blank_line() {
        ParsedSource solution = parse("", "// SOLUTION FILE 01.4", "class A {}");
        assertThat(solution.fileMarker()).isEqualTo(new FileMarker.SolutionFile(new TaskId("01", 4), 2));
        ParsedSource instructor = parse("// INSTRUCTOR FILE", "class A {}");
        assertThat(instructor.fileMarker()).isEqualTo(new FileMarker.InstructorFile(1));
        ParsedSource late = parse("package a;", "// INSTRUCTOR FILE");
        assertThat(late.errors()).extracting(MarkerError::toString)
                .containsExactly("01-x/src/main/java/A.java:2: // INSTRUCTOR FILE must be the first non-blank line of the file");
    }

    @Test
    void ordinary_comments_and_code_are_not_markers() {
        ParsedSource source = parse("// Begin with the root.", "// the END of the story", "String s = \"// BEGIN SOLUTION 01.1\";",
                "x(); // END SOLUTION");
        assertThat(source.errors()).isEmpty();
        assertThat(source.hasMarkers()).isFalse();
    }

    @Test
    void an_uppercase_marker_word_in_an_ordinary_comment_is_an_error() {
        // Strict on purpose: "// END of loop" may well be a mistyped marker.
        assertThat(parse("// END of loop").errors()).hasSize(1);
    }
}
