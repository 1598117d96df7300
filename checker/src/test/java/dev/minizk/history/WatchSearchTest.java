package dev.minizk.history;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search for where writes of unknown outcome took effect must tell apart placements that
 * build the same tree but order a watched change differently around a reply (found by stage
 * 04's fuzzer with clients: a legal history was called a VIOLATION of watch order).
 */
class WatchSearchTest {
    private static final long A = 0xA;
    private static final long B = 0xB;
    private static final long C = 0xC;

    private static long z(int epoch, int counter) {
        return ((long) epoch << 32) | counter;
    }

    @Test
    void an_unknown_write_that_fired_a_watch_after_a_reply_of_the_watching_session_is_placed_after_that_reply() {
        History history = History.builder()
                .op(A, Command.create("/k0", ""), 1, 2, Outcome.ok(new Result.Created("/k0"), z(1, 1)))
                .op(A, Command.create("/k1", ""), 3, 4, Outcome.ok(new Result.Created("/k1"), z(1, 2)))
                .op(A, Command.create("/k2", ""), 5, 6, Outcome.ok(new Result.Created("/k2"), z(1, 3)))
                .op(B, Command.setData("/k1", "b", -1), 7, 8, Outcome.ok(new Result.Updated(null), z(1, 4)))
                // C's setData of /k0 is lost with its connection; it did happen (B's later write gives version 2)
                .op(C, Command.setData("/k0", "c1", 0), 9, 10, Outcome.unknown())
                // A's multi is lost too; it did happen, at 0x2_2, right after C's next write (0x2_1)
                .op(A, new Command.Multi(List.of(new Command.Check("/k2", 0), Command.setData("/k1", "a", -1))), 20, 40,
                        Outcome.unknown())
                .op(C, Command.setData("/k0", "c2", -1), 20, 30, Outcome.ok(new Result.Updated(NodeStat.of(z(1, 1), z(2, 1), 2)), z(2, 1)))
                .event(C, EventType.NodeDataChanged, "/k1", 35) // after the reply at 0x2_1: the multi came after it
                .op(C, Command.createEphemeral("/e", "c3"), 36, 38, Outcome.ok(new Result.Created("/e"), z(2, 3)))
                .event(C, EventType.NodeCreated, "/e", 37)
                .op(C, Command.setData("/k1", "c4", 2), 50, 52, Outcome.ok(new Result.Updated(null), z(2, 4)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void events_received_at_one_time_may_come_in_any_order_but_later_ones_not_before_earlier_txns() {
        History.Builder common = History.builder()
                .op(A, Command.create("/a", ""), 1, 2, Outcome.ok(new Result.Created("/a"), z(1, 1)))
                .op(A, Command.create("/b", ""), 3, 4, Outcome.ok(new Result.Created("/b"), z(1, 2)))
                .op(B, Command.exists("/a", true), 0, 1, Outcome.ok(new Result.Absent(), 0))
                .op(B, Command.exists("/b", true), 0, 1, Outcome.ok(new Result.Absent(), 0));
        History batch = History.builder().op(A, Command.create("/a", ""), 1, 2, Outcome.ok(new Result.Created("/a"), z(1, 1)))
                .op(A, Command.create("/b", ""), 3, 4, Outcome.ok(new Result.Created("/b"), z(1, 2)))
                .op(B, Command.exists("/a", true), 0, 1, Outcome.ok(new Result.Absent(), 0))
                .op(B, Command.exists("/b", true), 0, 1, Outcome.ok(new Result.Absent(), 0))
                .event(B, EventType.NodeCreated, "/b", 10) // a reconnection's batch: by kind of watch, not by zxid
                .event(B, EventType.NodeCreated, "/a", 10)
                .build();
        assertThat(HistoryChecker.check(batch).isOk()).as(HistoryChecker.check(batch).describe()).isTrue();

        History apart = common.event(B, EventType.NodeCreated, "/b", 10).event(B, EventType.NodeCreated, "/a", 11).build();
        assertThat(HistoryChecker.check(apart)).isInstanceOf(CheckResult.Violation.class);
    }
}
