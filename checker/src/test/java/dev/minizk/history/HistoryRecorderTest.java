package dev.minizk.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    @Test
    void records_calls_as_they_complete_and_pending_ones_as_unknown() {
        HistoryRecorder recorder = new HistoryRecorder();
        int create = recorder.invoke(1, Command.create("/a", "x"), 1);
        int pending = recorder.invoke(1, Command.setData("/a", "y", -1), 2);
        recorder.ok(create, new Result.Created("/a"), HistoryCheckerTest.z(1), 3);
        recorder.event(2, EventType.NodeCreated, "/a", 4);

        History history = recorder.history();

        assertThat(history.ops()).hasSize(2);
        assertThat(history.ops().get(0)).isEqualTo(new Op(1, Command.create("/a", "x"), 1, 3,
                Outcome.ok(new Result.Created("/a"), HistoryCheckerTest.z(1))));
        assertThat(history.ops().get(pending).outcome()).isEqualTo(Outcome.unknown());
        assertThat(history.ops().get(pending).completedAt()).isEqualTo(4);
        assertThat(history.events()).containsExactly(new WatchEvent(2, EventType.NodeCreated, "/a", 4));
        assertThat(HistoryChecker.check(history).isOk()).isTrue();
    }

    @Test
    void a_call_completes_once() {
        HistoryRecorder recorder = new HistoryRecorder();
        int call = recorder.invoke(1, Command.sync("/"), 1);
        recorder.ok(call, new Result.Done(), 0, 2);
        assertThatThrownBy(() -> recorder.unknown(call, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call #0 (sync /) already completed");
    }

    @Test
    void an_event_at_the_same_time_as_a_reply_of_its_session_is_refused() {
        HistoryRecorder recorder = new HistoryRecorder();
        int call = recorder.invoke(1, Command.exists("/a", true), 1);
        recorder.ok(call, new Result.Absent(), 0, 2);
        recorder.event(1, EventType.NodeCreated, "/a", 2);
        assertThatThrownBy(recorder::history).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has the same time (2) as a reply of that session");
    }
}
