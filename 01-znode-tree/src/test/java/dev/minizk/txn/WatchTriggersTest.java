package dev.minizk.txn;

import dev.minizk.tree.EventType;
import dev.minizk.tree.WatchTrigger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.tree.EventType.NODE_CHILDREN_CHANGED;
import static dev.minizk.tree.EventType.NODE_CREATED;
import static dev.minizk.tree.EventType.NODE_DATA_CHANGED;
import static dev.minizk.tree.EventType.NODE_DELETED;
import static org.assertj.core.api.Assertions.assertThat;

/** Task 01.5: which events each change causes, and which watches they fire. */
class WatchTriggersTest {

    @Test
    @Tag("01.5")
    void a_create_is_news_for_the_node_and_for_its_parent() {
        assertThat(WatchTriggers.created("/app/a")).containsExactly(
                new WatchTrigger(NODE_CREATED, "/app/a"), new WatchTrigger(NODE_CHILDREN_CHANGED, "/app"));
        assertThat(WatchTriggers.created("/app")).containsExactly(
                new WatchTrigger(NODE_CREATED, "/app"), new WatchTrigger(NODE_CHILDREN_CHANGED, "/"));
    }

    @Test
    @Tag("01.5")
    void a_delete_is_news_for_the_node_and_for_its_parent() {
        assertThat(WatchTriggers.deleted("/app/a")).containsExactly(
                new WatchTrigger(NODE_DELETED, "/app/a"), new WatchTrigger(NODE_CHILDREN_CHANGED, "/app"));
    }

    @Test
    @Tag("01.5")
    void a_data_change_concerns_only_the_node() {
        assertThat(WatchTriggers.dataChanged("/cfg")).containsExactly(new WatchTrigger(NODE_DATA_CHANGED, "/cfg"));
    }

    @Test
    @Tag("01.5")
    void data_watches_fire_for_events_about_the_node_itself() {
        assertThat(WatchTriggers.firesDataWatch(NODE_CREATED)).isTrue();
        assertThat(WatchTriggers.firesDataWatch(NODE_DELETED)).isTrue();
        assertThat(WatchTriggers.firesDataWatch(NODE_DATA_CHANGED)).isTrue();
        assertThat(WatchTriggers.firesDataWatch(NODE_CHILDREN_CHANGED)).isFalse();
        assertThat(WatchTriggers.firesDataWatch(EventType.NONE)).isFalse();
    }

    @Test
    @Tag("01.5")
    void child_watches_fire_for_the_child_list_and_for_the_node_going_away() {
        assertThat(WatchTriggers.firesChildWatch(NODE_CHILDREN_CHANGED)).isTrue();
        assertThat(WatchTriggers.firesChildWatch(NODE_DELETED)).isTrue();
        assertThat(WatchTriggers.firesChildWatch(NODE_CREATED)).isFalse();
        assertThat(WatchTriggers.firesChildWatch(NODE_DATA_CHANGED)).isFalse();
    }
}
