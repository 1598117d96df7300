package dev.minizk.tree;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Task 01.1: ZooKeeper's path rules. */
class PathsTest {

    @Test
    @Tag("01.1")
    void well_formed_paths_are_accepted() {
        for (String path : new String[] {"/", "/a", "/a/b/c", "/a/...", "/a/.b", "/a/b.", "/ä/日本", "/zookeeper", "/ with spaces"}) {
            assertThatCode(() -> ZnodePath.validate(path)).as(path).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "a", "a/b", "/a/", "//", "/a//b", "/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b",
            "/a\u0000b", "/a\u0001", "/a\u001f", "/\u007f", "/\u009f", "/\ud800", "/\uf8ff", "/\ufff0", "/\uffff"})
    @Tag("01.1")
    void malformed_paths_are_BADARGUMENTS(String path) {
        assertThatThrownBy(() -> ZnodePath.validate(path))
                .isInstanceOfSatisfying(KeeperException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BADARGUMENTS));
    }

    @Test
    @Tag("01.1")
    void a_null_path_is_BADARGUMENTS_too() {
        assertThatThrownBy(() -> ZnodePath.validate(null))
                .isInstanceOfSatisfying(KeeperException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BADARGUMENTS));
    }

    @Test
    @Tag("01.1")
    void parent_cuts_at_the_last_slash() {
        assertThat(ZnodePath.parent("/a/b/c")).isEqualTo("/a/b");
        assertThat(ZnodePath.parent("/a")).isEqualTo("/");
        assertThatThrownBy(() -> ZnodePath.parent("/"))
                .isInstanceOfSatisfying(KeeperException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BADARGUMENTS));
    }

    @Test
    @Tag("01.1")
    void name_is_the_last_segment() {
        assertThat(ZnodePath.name("/a/b/c")).isEqualTo("c");
        assertThat(ZnodePath.name("/a")).isEqualTo("a");
        assertThat(ZnodePath.name("/q/item-0000000001")).isEqualTo("item-0000000001");
    }
}
