package dev.minizk.tree;

import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers shared by the stage-01 tests. */
public final class TreeAssertions {
    private TreeAssertions() {
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Two trees are the same when every path has the same data, ACL, Stat and children. */
    public static void assertSameTree(DataTree actual, DataTree expected) {
        assertThat(actual.paths()).as("paths").isEqualTo(expected.paths());
        for (String path : expected.paths()) {
            assertThat(actual.stat(path)).as("Stat of %s", path).isEqualTo(expected.stat(path));
            assertThat(actual.getData(path)).as("data of %s", path).isEqualTo(expected.getData(path));
            assertThat(actual.getAcl(path)).as("ACL of %s", path).isEqualTo(expected.getAcl(path));
            assertThat(actual.node(path).childCreates()).as("child-create counter of %s", path)
                    .isEqualTo(expected.node(path).childCreates());
            assertThat(new TreeSet<>(actual.getChildren(path))).as("children of %s", path)
                    .isEqualTo(new TreeSet<>(expected.getChildren(path)));
        }
        for (long session : expected.sessionsWithEphemerals()) {
            assertThat(actual.ephemerals(session)).as("ephemerals of session %x", session)
                    .isEqualTo(expected.ephemerals(session));
        }
        assertThat(actual.sessionsWithEphemerals()).isEqualTo(expected.sessionsWithEphemerals());
    }
}
