package dev.minizk.watch;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.txn.Op;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static dev.minizk.tree.EventType.NODE_CHILDREN_CHANGED;
import static dev.minizk.tree.EventType.NODE_CREATED;
import static dev.minizk.tree.EventType.NODE_DATA_CHANGED;
import static dev.minizk.tree.EventType.NODE_DELETED;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 02.3: one-time watches (getData, exists, getChildren) fire once, one event per watcher. */
class OneTimeWatchesTest extends WatchScenario {
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    @Test
    @Tag("02.3")
    void a_getData_watch_fires_on_the_next_setData_and_then_is_gone() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        watches.addDataWatch("/a", ALICE); // reading twice with watch=true still sets one watch
        assertThat(watches.watchCount()).isEqualTo(1);

        assertThat(setData("/a", "v1")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/a"));
        assertThat(setData("/a", "v2")).as("a one-time watch fires once").isEmpty();
        assertThat(watches.watchesOf(ALICE)).isEmpty();
        assertThat(watches.watchCount()).isZero();
        assertThat(watches.watcherCount()).isZero();
    }

    @Test
    @Tag("02.3")
    void an_exists_watch_on_a_missing_node_fires_NodeCreated() {
        watches.addDataWatch("/lock", ALICE); // exists("/lock", true) answered NONODE

        assertThat(create("/lock")).containsExactly(delivery(ALICE, NODE_CREATED, "/lock"));
        assertThat(setData("/lock", "owner")).as("the create used it up").isEmpty();
    }

    @Test
    @Tag("02.3")
    void a_child_watch_fires_when_a_child_comes_but_not_when_the_data_changes() {
        create("/app");
        watches.addChildWatch("/app", ALICE);
        watches.addDataWatch("/app", BOB);

        assertThat(setData("/app", "cfg")).as("only Bob's data watch hears a data change")
                .containsExactly(delivery(BOB, NODE_DATA_CHANGED, "/app"));
        assertThat(watches.watchesOf(ALICE)).isEqualTo(Map.of("/app", Set.of(WatchKind.CHILD)));

        assertThat(create("/app/worker")).containsExactly(delivery(ALICE, NODE_CHILDREN_CHANGED, "/app"));
        assertThat(create("/app/worker2")).isEmpty();
    }

    @Test
    @Tag("02.3")
    void a_delete_is_NodeDeleted_for_the_node_watches_and_NodeChildrenChanged_for_the_parent() {
        create("/p");
        create("/p/x");
        watches.addDataWatch("/p/x", ALICE);
        watches.addChildWatch("/p/x", BOB);
        watches.addChildWatch("/p", CAROL);
        watches.addDataWatch("/p", CAROL + 10);

        assertThat(delete("/p/x")).containsExactly(
                delivery(ALICE, NODE_DELETED, "/p/x"),
                delivery(BOB, NODE_DELETED, "/p/x"),
                delivery(CAROL, NODE_CHILDREN_CHANGED, "/p"));
        assertThat(watches.watchesOf(CAROL + 10)).as("the parent's data did not change")
                .isEqualTo(Map.of("/p", Set.of(WatchKind.DATA)));
    }

    @Test
    @Tag("02.3")
    void setACL_fires_nothing_and_the_watches_stay_armed() {
        create("/secure");
        create("/secure/k");
        watches.addDataWatch("/secure", ALICE);
        watches.addChildWatch("/secure", BOB);

        assertThat(setAcl("/secure")).isEmpty();
        assertThat(watches.watchCount()).isEqualTo(2);
        assertThat(delete("/secure/k")).containsExactly(delivery(BOB, NODE_CHILDREN_CHANGED, "/secure"));
        assertThat(setData("/secure", "x")).containsExactly(delivery(ALICE, NODE_DATA_CHANGED, "/secure"));
    }

    @Test
    @Tag("02.3")
    void a_watcher_with_a_data_and_a_child_watch_gets_one_event_and_loses_both() {
        create("/a");
        watches.addDataWatch("/a", ALICE);
        watches.addChildWatch("/a", ALICE);
        assertThat(watches.watchCount()).isEqualTo(2);
        assertThat(watches.watchedPathCount()).isEqualTo(1);

        assertThat(delete("/a")).as("one NodeDeleted; the client fans it out to its own watchers")
                .containsExactly(delivery(ALICE, NODE_DELETED, "/a"));
        assertThat(watches.watchCount()).isZero();
        assertThat(watches.watchedPathCount()).isZero();
        assertThat(create("/a")).isEmpty();
    }

    @Test
    @Tag("02.3")
    void two_watchers_each_get_one_event_in_watcher_id_order() {
        create("/cfg");
        watches.addDataWatch("/cfg", 9);
        watches.addDataWatch("/cfg", 3);
        assertThat(watches.watcherCount()).isEqualTo(2);

        assertThat(setData("/cfg", "new")).containsExactly(
                delivery(3, NODE_DATA_CHANGED, "/cfg"),
                delivery(9, NODE_DATA_CHANGED, "/cfg"));
        assertThat(setData("/cfg", "newer")).isEmpty();
    }

    @Test
    @Tag("02.3")
    void a_multi_delivers_its_events_in_op_order_and_each_watch_fires_once() {
        watches.addDataWatch("/job", ALICE); // exists watch: /job is missing
        watches.addChildWatch("/", BOB);
        byte[] data = "d".getBytes(StandardCharsets.UTF_8);

        assertThat(deliver(db.multi(
                new Op.Create("/job", data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new Op.SetData("/job", data, -1),
                new Op.Create("/other", data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))))
                .containsExactly(
                        delivery(ALICE, NODE_CREATED, "/job"),
                        delivery(BOB, NODE_CHILDREN_CHANGED, "/"));
    }

    @Test
    @Tag("02.3")
    void closing_a_session_deletes_its_ephemerals_and_that_fires_their_watches() {
        long session = db.openSession(30_000);
        create("/members");
        deliver(db.submit(session, new Op.Create("/members/m1", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)));
        watches.addDataWatch("/members/m1", ALICE);
        watches.addChildWatch("/members", BOB);

        assertThat(deliver(db.closeSession(session))).containsExactly(
                delivery(ALICE, NODE_DELETED, "/members/m1"),
                delivery(BOB, NODE_CHILDREN_CHANGED, "/members"));
    }
}
