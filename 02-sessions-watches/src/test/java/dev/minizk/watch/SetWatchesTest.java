package dev.minizk.watch;

import dev.minizk.proto.Request;
import dev.minizk.proto.WatcherEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.minizk.tree.EventType.NODE_CHILDREN_CHANGED;
import static dev.minizk.tree.EventType.NODE_CREATED;
import static dev.minizk.tree.EventType.NODE_DATA_CHANGED;
import static dev.minizk.tree.EventType.NODE_DELETED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 02.5: a client that lost its connection reconnects and replays its watches with the last
 * zxid it saw. What it missed is reported at once; the rest is registered again.
 *
 * <p>Each scenario: Alice sets watches, her connection drops (the server forgets its watches),
 * the tree changes (or not), and she sends SetWatches with the zxid she had seen.
 */
class SetWatchesTest extends WatchScenario {
    private static final long ALICE = 1;

    /** The connection drops: the server drops its watches; the client remembers the last zxid it saw. */
    private long disconnect() {
        watches.removeWatcher(ALICE);
        return lastZxid();
    }

    private static Request.SetWatches replay(long relativeZxid, List<String> data, List<String> exist, List<String> child) {
        return new Request.SetWatches(relativeZxid, data, exist, child, List.of(), List.of());
    }

    private List<WatcherEvent> reconnect(Request.SetWatches request) {
        return watches.setWatches(ALICE, request, db.tree());
    }

    @Test
    @Tag("02.5")
    void an_unchanged_node_gets_its_data_watch_back() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        long seen = disconnect();

        assertThat(reconnect(replay(seen, List.of("/a"), List.of(), List.of()))).isEmpty();
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/a", Set.of(WatchKind.DATA)));
        assertThat(setData("/a", "x")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/a"));
    }

    @Test
    @Tag("02.5")
    void a_data_change_while_away_is_reported_at_once_and_not_registered() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        long seen = disconnect();
        setData("/a", "changed while Alice was away");

        assertThat(reconnect(replay(seen, List.of("/a"), List.of(), List.of())))
                .containsExactly(event(NODE_DATA_CHANGED, "/a"));
        assertThat(watches.watchesOf(ALICE)).as("the watch has fired").isEmpty();
        assertThat(setData("/a", "again")).isEmpty();
    }

    @Test
    @Tag("02.5")
    void a_watched_node_deleted_while_away_is_NodeDeleted_for_data_and_child_watches() {
        create("/a");
        create("/b");
        watches.addDataWatch("/a", ALICE);
        watches.addChildWatch("/b", ALICE);
        long seen = disconnect();
        delete("/a");
        delete("/b");

        assertThat(reconnect(replay(seen, List.of("/a"), List.of(), List.of("/b"))))
                .containsExactly(event(NODE_DELETED, "/a"), event(NODE_DELETED, "/b"));
        assertThat(watches.watchCount()).isZero();
    }

    @Test
    @Tag("02.5")
    void an_exists_watch_whose_node_appeared_while_away_gets_NodeCreated() {
        watches.addDataWatch("/leader", ALICE); // exists("/leader", true): missing
        long seen = disconnect();
        create("/leader");

        assertThat(reconnect(replay(seen, List.of(), List.of("/leader"), List.of())))
                .containsExactly(event(NODE_CREATED, "/leader"));
        assertThat(watches.watchesOf(ALICE)).isEmpty();
    }

    @Test
    @Tag("02.5")
    void an_exists_watch_on_a_still_missing_node_is_registered_as_a_data_watch() {
        watches.addDataWatch("/leader", ALICE);
        long seen = disconnect();

        assertThat(reconnect(replay(seen, List.of(), List.of("/leader"), List.of()))).isEmpty();
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/leader", Set.of(WatchKind.DATA)));
        assertThat(create("/leader")).containsExactly(delivery(ALICE, NODE_CREATED, "/leader"));
    }

    @Test
    @Tag("02.5")
    void the_documented_gap_an_exists_watch_misses_a_node_created_and_deleted_while_away() {
        watches.addDataWatch("/flash", ALICE);
        long seen = disconnect();
        create("/flash");
        delete("/flash");

        assertThat(reconnect(replay(seen, List.of(), List.of("/flash"), List.of())))
                .as("the node is missing now, so nothing looks new: ZooKeeper cannot tell").isEmpty();
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/flash", Set.of(WatchKind.DATA)));
    }

    @Test
    @Tag("02.5")
    void a_child_watch_compares_pzxid_so_a_data_change_of_the_parent_does_not_count() {
        create("/jobs");
        create("/queue");
        watches.addChildWatch("/jobs", ALICE);
        watches.addChildWatch("/queue", ALICE);
        long seen = disconnect();
        create("/jobs/j1");
        setData("/queue", "only the data changed");

        assertThat(reconnect(replay(seen, List.of(), List.of(), List.of("/jobs", "/queue"))))
                .containsExactly(event(NODE_CHILDREN_CHANGED, "/jobs"));
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/queue", Set.of(WatchKind.CHILD)));
        assertThat(create("/queue/q1")).containsExactly(delivery(ALICE, NODE_CHILDREN_CHANGED, "/queue"));
    }

    @Test
    @Tag("02.5")
    void persistent_and_recursive_watches_are_simply_registered_again() {
        create("/p");
        long seen = lastZxid();
        setData("/p", "changed while away");

        List<WatcherEvent> now = reconnect(new Request.SetWatches(seen, List.of(), List.of(), List.of(),
                List.of("/p"), List.of("/tree")));

        assertThat(now).as("no catch-up events for persistent watches").isEmpty();
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of(
                "/p", Set.of(WatchKind.PERSISTENT),
                "/tree", Set.of(WatchKind.PERSISTENT_RECURSIVE)));
        assertThat(create("/tree")).containsExactly(delivery(ALICE, NODE_CREATED, "/tree"));
        assertThat(create("/tree/leaf")).containsExactly(delivery(ALICE, NODE_CREATED, "/tree/leaf"));
        assertThat(create("/p/c")).containsExactly(delivery(ALICE, NODE_CHILDREN_CHANGED, "/p"));
    }

    @Test
    @Tag("02.5")
    void the_catch_up_events_follow_the_order_of_the_request_lists() {
        create("/gone");
        create("/changed");
        create("/parent");
        long seen = lastZxid();
        delete("/gone");
        setData("/changed", "x");
        create("/new");
        create("/parent/kid");

        assertThat(reconnect(replay(seen, List.of("/changed", "/gone"), List.of("/new"), List.of("/parent", "/gone"))))
                .containsExactly(
                        event(NODE_DATA_CHANGED, "/changed"),
                        event(NODE_DELETED, "/gone"),
                        event(NODE_CREATED, "/new"),
                        event(NODE_CHILDREN_CHANGED, "/parent"),
                        event(NODE_DELETED, "/gone"));
        assertThat(watches.watchCount()).isZero();
    }
}
