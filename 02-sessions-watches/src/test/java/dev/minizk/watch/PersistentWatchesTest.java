package dev.minizk.watch;

import dev.minizk.proto.AddWatchMode;
import dev.minizk.proto.WatcherType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.minizk.tree.EventType.NODE_CHILDREN_CHANGED;
import static dev.minizk.tree.EventType.NODE_CREATED;
import static dev.minizk.tree.EventType.NODE_DATA_CHANGED;
import static dev.minizk.tree.EventType.NODE_DELETED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 02.4: addWatch's persistent and recursive watches, which stay until removed, and
 * checkWatches/removeWatches.
 */
class PersistentWatchesTest extends WatchScenario {
    private static final long ALICE = 1;
    private static final long BOB = 2;

    @Test
    @Tag("02.4")
    void a_recursive_watch_hears_the_node_and_its_descendants_but_never_child_lists() {
        watches.addPersistentWatch("/r", ALICE, AddWatchMode.PERSISTENT_RECURSIVE); // /r does not exist yet
        List<Delivery> seen = new ArrayList<>();

        seen.addAll(create("/r"));
        seen.addAll(create("/r/k"));
        seen.addAll(setData("/r/k", "v"));
        seen.addAll(delete("/r/k"));

        assertThat(seen).as("ZooKeeper 3.9.5, observed").containsExactly(
                delivery(ALICE, NODE_CREATED, "/r"),
                delivery(ALICE, NODE_CREATED, "/r/k"),
                delivery(ALICE, NODE_DATA_CHANGED, "/r/k"),
                delivery(ALICE, NODE_DELETED, "/r/k"));
        assertThat(create("/r/a")).containsExactly(delivery(ALICE, NODE_CREATED, "/r/a"));
        assertThat(create("/r/a/b")).as("any depth, with the descendant's own path")
                .containsExactly(delivery(ALICE, NODE_CREATED, "/r/a/b"));
        assertThat(create("/rx")).as("a sibling whose name merely starts with r").isEmpty();
    }

    @Test
    @Tag("02.4")
    void a_persistent_watch_is_a_data_and_child_watch_that_stays_but_not_for_grandchildren() {
        watches.addPersistentWatch("/p", ALICE, AddWatchMode.PERSISTENT);

        assertThat(create("/p")).containsExactly(delivery(ALICE, NODE_CREATED, "/p"));
        assertThat(create("/p/c")).containsExactly(delivery(ALICE, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(create("/p/c/g")).as("a grandchild").isEmpty();
        assertThat(setData("/p/c", "x")).as("a child's data").isEmpty();
        assertThat(setData("/p", "x")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/p"));
        assertThat(delete("/p/c/g")).isEmpty();
        assertThat(delete("/p/c")).containsExactly(delivery(ALICE, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(delete("/p")).containsExactly(delivery(ALICE, NODE_DELETED, "/p"));
        assertThat(create("/p")).as("it outlives the node").containsExactly(delivery(ALICE, NODE_CREATED, "/p"));
    }

    @Test
    @Tag("02.4")
    void persistent_watches_survive_every_trigger() {
        create("/cfg");
        watches.addPersistentWatch("/cfg", ALICE, AddWatchMode.PERSISTENT);
        watches.addPersistentWatch("/", BOB, AddWatchMode.PERSISTENT_RECURSIVE);

        for (int i = 0; i < 3; i++) {
            assertThat(setData("/cfg", "v" + i)).containsExactly(
                    delivery(ALICE, NODE_DATA_CHANGED, "/cfg"),
                    delivery(BOB, NODE_DATA_CHANGED, "/cfg"));
        }
        assertThat(watches.watchCount()).isEqualTo(2);
        assertThat(watches.hasWatch("/cfg", WatcherType.PERSISTENT, ALICE)).isTrue();
        assertThat(watches.hasWatch("/", WatcherType.PERSISTENT_RECURSIVE, BOB)).isTrue();
    }

    @Test
    @Tag("02.4")
    void one_event_per_watcher_when_one_time_and_persistent_watches_meet() {
        create("/a");
        watches.addPersistentWatch("/", ALICE, AddWatchMode.PERSISTENT_RECURSIVE);
        watches.addPersistentWatch("/a", ALICE, AddWatchMode.PERSISTENT);
        watches.addDataWatch("/a", ALICE);
        watches.addChildWatch("/a", ALICE);

        assertThat(setData("/a", "1")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/a"));
        assertThat(watches.watchesOf(ALICE)).as("the data watch fired and is gone, the rest stay").isEqualTo(Map.of(
                "/", Set.of(WatchKind.PERSISTENT_RECURSIVE),
                "/a", Set.of(WatchKind.PERSISTENT, WatchKind.CHILD)));
        assertThat(create("/a/k")).as("the child watch and the persistent watch: still one event, then Created /a/k")
                .containsExactly(
                        delivery(ALICE, NODE_CREATED, "/a/k"),
                        delivery(ALICE, NODE_CHILDREN_CHANGED, "/a"));
        assertThat(watches.watchesOf(ALICE).get("/a")).containsExactly(WatchKind.PERSISTENT);
        assertThat(setData("/a", "2")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/a"));
    }

    @Test
    @Tag("02.4")
    void checkWatches_names_the_kind_and_a_missing_watch_is_false() {
        watches.addDataWatch("/d", ALICE);
        watches.addChildWatch("/c", ALICE);
        watches.addPersistentWatch("/p", ALICE, AddWatchMode.PERSISTENT);
        watches.addPersistentWatch("/r", ALICE, AddWatchMode.PERSISTENT_RECURSIVE);

        assertThat(watches.hasWatch("/d", WatcherType.DATA, ALICE)).isTrue();
        assertThat(watches.hasWatch("/d", WatcherType.CHILDREN, ALICE)).isFalse();
        assertThat(watches.hasWatch("/d", WatcherType.ANY, ALICE)).isTrue();
        assertThat(watches.hasWatch("/c", WatcherType.CHILDREN, ALICE)).isTrue();
        assertThat(watches.hasWatch("/c", WatcherType.DATA, ALICE)).isFalse();
        assertThat(watches.hasWatch("/p", WatcherType.DATA, ALICE)).as("a persistent watch is not a data watch").isFalse();
        assertThat(watches.hasWatch("/p", WatcherType.ANY, ALICE)).isTrue();
        assertThat(watches.hasWatch("/p", WatcherType.PERSISTENT, ALICE)).isTrue();
        assertThat(watches.hasWatch("/p", WatcherType.PERSISTENT_RECURSIVE, ALICE)).isFalse();
        assertThat(watches.hasWatch("/r", WatcherType.PERSISTENT_RECURSIVE, ALICE)).isTrue();
        assertThat(watches.hasWatch("/r", WatcherType.PERSISTENT, ALICE)).isFalse();
        assertThat(watches.hasWatch("/d", WatcherType.ANY, BOB)).as("another connection").isFalse();
        assertThat(watches.hasWatch("/r/below", WatcherType.ANY, ALICE)).as("a watch is checked at its own path only").isFalse();
    }

    @Test
    @Tag("02.4")
    void removeWatches_DATA_leaves_the_persistent_watch_and_ANY_removes_everything() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        watches.addPersistentWatch("/a", ALICE, AddWatchMode.PERSISTENT);

        assertThat(watches.removeWatches("/a", WatcherType.DATA, ALICE)).isTrue();
        assertThat(watches.removeWatches("/a", WatcherType.DATA, ALICE)).as("NOWATCHER the second time").isFalse();
        assertThat(watches.removeWatches("/a", WatcherType.CHILDREN, ALICE)).isFalse();
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/a", Set.of(WatchKind.PERSISTENT)));
        assertThat(setData("/a", "x")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/a"));

        assertThat(watches.removeWatches("/a", WatcherType.ANY, ALICE)).isTrue();
        assertThat(watches.removeWatches("/a", WatcherType.ANY, ALICE)).isFalse();
        assertThat(watches.hasWatch("/a", WatcherType.ANY, ALICE)).isFalse();
        assertThat(watches.watchCount()).isZero();
        assertThat(setData("/a", "y")).isEmpty();
    }

    @Test
    @Tag("02.4")
    void removing_a_recursive_watch_stops_the_subtree_events_and_touches_nothing_else() {
        create("/a");
        create("/b");
        watches.addPersistentWatch("/a", ALICE, AddWatchMode.PERSISTENT_RECURSIVE);
        watches.addPersistentWatch("/b", BOB, AddWatchMode.PERSISTENT_RECURSIVE);
        watches.addPersistentWatch("/b", ALICE, AddWatchMode.PERSISTENT);

        assertThat(watches.removeWatches("/b", WatcherType.PERSISTENT_RECURSIVE, ALICE))
                .as("Alice's watch on /b is not recursive").isFalse();
        assertThat(watches.removeWatches("/a", WatcherType.PERSISTENT_RECURSIVE, ALICE)).isTrue();

        assertThat(create("/a/x")).isEmpty();
        assertThat(create("/b/x")).as("the create's own event first, then its parent's").containsExactly(
                delivery(BOB, NODE_CREATED, "/b/x"),
                delivery(ALICE, NODE_CHILDREN_CHANGED, "/b"));
    }

    @Test
    @Tag("02.4")
    void a_closed_connection_loses_every_watch_it_had() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        watches.addChildWatch("/a", ALICE);
        watches.addPersistentWatch("/a", ALICE, AddWatchMode.PERSISTENT);
        watches.addPersistentWatch("/", ALICE, AddWatchMode.PERSISTENT_RECURSIVE);
        watches.addDataWatch("/missing", ALICE);
        watches.addDataWatch("/a", BOB);
        assertThat(watches.watchCount()).isEqualTo(6);

        watches.removeWatcher(ALICE);

        assertThat(watches.watchesOf(ALICE)).isEmpty();
        assertThat(watches.hasWatch("/", WatcherType.ANY, ALICE)).isFalse();
        assertThat(watches.watchCount()).isEqualTo(1);
        assertThat(watches.watchedPathCount()).isEqualTo(1);
        assertThat(watches.watcherCount()).isEqualTo(1);
        assertThat(setData("/a", "x")).containsExactly(delivery(BOB, NODE_DATA_CHANGED, "/a"));
        assertThat(create("/missing")).isEmpty();
    }

    @Test
    @Tag("02.4")
    void a_recursive_watch_on_the_root_sees_every_node_event_with_the_nodes_own_path() {
        watches.addPersistentWatch("/", ALICE, AddWatchMode.PERSISTENT_RECURSIVE);
        watches.addPersistentWatch("/", BOB, AddWatchMode.PERSISTENT);

        assertThat(create("/x")).containsExactly(
                delivery(ALICE, NODE_CREATED, "/x"),
                delivery(BOB, NODE_CHILDREN_CHANGED, "/"));
        assertThat(create("/x/y")).containsExactly(delivery(ALICE, NODE_CREATED, "/x/y"));
        assertThat(setData("/", "root data")).containsExactly(
                delivery(ALICE, NODE_DATA_CHANGED, "/"),
                delivery(BOB, NODE_DATA_CHANGED, "/"));
    }
}
