package dev.minizk.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The (time, sequence) queue every loop of the course uses (course infrastructure; ungraded). */
class EventQueueTest {

    private static List<String> drain(EventQueue<String> queue) {
        List<String> out = new ArrayList<>();
        for (EventQueue.Entry<String> e = queue.poll(); e != null; e = queue.poll()) {
            out.add(e.event());
        }
        return out;
    }

    @Test
    void events_come_out_by_time_then_in_the_order_they_were_added() {
        EventQueue<String> queue = new EventQueue<>(100);
        queue.add(20, "c");
        queue.add(10, "a");
        queue.add(20, "d");
        queue.add(10, "b");

        assertThat(queue.nextTime()).isEqualTo(10);
        assertThat(queue.pending()).extracting(EventQueue.Entry::event).containsExactly("a", "b", "c", "d");
        assertThat(drain(queue)).containsExactly("a", "b", "c", "d");
        assertThat(queue.nextTime()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void a_cancelled_entry_never_comes_out_and_cancelling_twice_or_after_it_ran_does_nothing() {
        EventQueue<String> queue = new EventQueue<>(100);
        EventQueue.Entry<String> first = queue.add(1, "first");
        EventQueue.Entry<String> second = queue.add(2, "second");
        queue.add(3, "third");

        assertThat(queue.cancel(second)).isTrue();
        assertThat(queue.cancel(second)).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.poll()).isSameAs(first);
        assertThat(queue.cancel(first)).isFalse();
        assertThat(drain(queue)).containsExactly("third");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void a_full_queue_refuses_more() {
        EventQueue<String> queue = new EventQueue<>(2);
        queue.add(1, "a");
        EventQueue.Entry<String> b = queue.add(1, "b");
        assertThatThrownBy(() -> queue.add(1, "c")).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 pending");
        queue.cancel(b);
        queue.add(1, "c");
        assertThat(drain(queue)).containsExactly("a", "c");
    }
}
