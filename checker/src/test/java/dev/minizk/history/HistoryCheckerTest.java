package dev.minizk.history;

import static dev.minizk.history.Command.create;
import static dev.minizk.history.Command.createSequential;
import static dev.minizk.history.Command.delete;
import static dev.minizk.history.Command.exists;
import static dev.minizk.history.Command.getChildren;
import static dev.minizk.history.Command.getData;
import static dev.minizk.history.Command.setData;
import static dev.minizk.history.Command.sync;
import static dev.minizk.history.Outcome.failed;
import static dev.minizk.history.Outcome.ok;
import static dev.minizk.history.Outcome.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made histories, legal and illegal; sessions 0xA, 0xB, 0xC; zxids of epoch 1. */
class HistoryCheckerTest {
    private static final long A = 0xA;
    private static final long B = 0xB;
    private static final long C = 0xC;

    static long z(long counter) {
        return (1L << 32) | counter;
    }

    static Result.Data data(String value) {
        return new Result.Data(value, null);
    }

    static Result.Created created(String path) {
        return new Result.Created(path);
    }

    static Result.Updated updated(int version, long czxid, long mzxid) {
        return new Result.Updated(NodeStat.of(czxid, mzxid, version));
    }

    static final Result DONE = new Result.Done();

    /** /a created with "0" by A at zxid 1, over times 1..2. */
    static History.Builder withNodeA() {
        return History.builder().op(A, create("/a", "0"), 1, 2, ok(created("/a"), z(1)));
    }

    private static CheckResult.Violation violation(CheckResult result) {
        assertThat(result).as(result.describe()).isInstanceOf(CheckResult.Violation.class);
        return (CheckResult.Violation) result;
    }

    @Test
    void a_legal_history_with_stale_reads_is_ok() {
        History history = withNodeA()
                .op(A, setData("/a", "1", 0), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 5, 6, ok(data("0"), z(1)))    // stale, allowed: B never synced
                .op(B, getData("/a", false), 7, 8, ok(data("1"), z(2)))
                .op(C, exists("/b", false), 5, 9, ok(new Result.Absent(), z(2)))
                .op(C, getChildren("/", false), 10, 11, ok(new Result.Children(List.of("zookeeper", "a")), z(2)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
        assertThat(result.describe()).startsWith("OK: 6 ops");
    }

    @Test
    void a_lost_acknowledged_write_is_caught_even_when_the_reply_claims_a_newer_zxid() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 5, 6, ok(data("0"), z(3)))   // the server lies: zxid 3 but old data
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.READ_RESULT);
        assertThat(v.explanation()).contains("#2 getData /a returned ok \"0\"", "the tree gives \"1\"",
                "#1 (session 0xa)", "an acknowledged write the read does not reflect");
        assertThat(v.witness().ops()).containsExactly(0, 1, 2);
    }

    @Test
    void a_lost_acknowledged_write_shows_in_a_later_conditional_write() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, setData("/a", "2", 0), 5, 6, ok(updated(1, z(1), z(3)), z(3)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.WRITE_RESULT);
        assertThat(v.explanation()).contains("gives BADVERSION", "/a was last written by #1");
    }

    @Test
    void a_stale_read_after_sync() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, sync("/a"), 5, 6, ok(DONE, z(1)))
                .op(B, getData("/a", false), 7, 8, ok(data("0"), z(1)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.SYNC);
        assertThat(v.explanation()).isEqualTo("session 0xb synced (#2) after write #1 had completed, then read #3"
                + " at zxid 0x1_00000001, older than the write's 0x1_00000002");
    }

    @Test
    void a_sync_that_began_before_the_write_completed_promises_nothing_about_it() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 6, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, sync("/a"), 4, 5, ok(DONE, z(1)))
                .op(B, getData("/a", false), 7, 8, ok(data("0"), z(1)))
                .build();
        assertThat(HistoryChecker.check(history).isOk()).isTrue();
    }

    @Test
    void a_read_going_back_in_time_in_one_session() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 5, 6, ok(data("1"), z(2)))
                .op(B, getData("/a", false), 7, 8, ok(data("0"), z(1)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.SESSION_ORDER);
        assertThat(v.explanation()).isEqualTo("session 0xb went back in time: read #3 carries zxid 0x1_00000001"
                + " after #2 had shown it 0x1_00000002");
    }

    @Test
    void a_session_not_seeing_its_own_write() {
        History history = withNodeA()
                .op(B, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 5, 6, ok(data("0"), z(1)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.SESSION_ORDER);
        assertThat(v.explanation()).contains("session 0xb did not see its own write: read #2");
    }

    @Test
    void a_session_not_seeing_its_own_write_while_claiming_a_newer_zxid() {
        History history = withNodeA()
                .op(B, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 5, 6, ok(data("0"), z(2)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.READ_RESULT);
        assertThat(v.explanation()).contains("(the reading session's own write)");
    }

    @Test
    void a_conditional_write_succeeding_against_a_stale_version() {
        History history = withNodeA()
                .op(A, setData("/a", "1", 0), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, setData("/a", "2", 0), 3, 5, ok(updated(1, z(1), z(3)), z(3)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.WRITE_RESULT);
        assertThat(v.explanation()).startsWith("#2 setData /a \"2\" v=0 returned ok updated (version 1,")
                .contains("it gives BADVERSION");
    }

    @Test
    void concurrent_conditional_writes_where_one_fails_are_ok() {
        History history = withNodeA()
                .op(A, setData("/a", "1", 0), 3, 5, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, setData("/a", "2", 0), 3, 6, failed(ZkError.BADVERSION, z(3)))
                .build();
        assertThat(HistoryChecker.check(history).isOk()).isTrue();
    }

    @Test
    void duplicate_sequential_names() {
        History history = History.builder()
                .op(A, create("/q", ""), 1, 2, ok(created("/q"), z(1)))
                .op(A, createSequential("/q/n-", "x"), 3, 5, ok(created("/q/n-0000000000"), z(2)))
                .op(B, createSequential("/q/n-", "y"), 4, 6, ok(created("/q/n-0000000000"), z(3)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.WRITE_RESULT);
        assertThat(v.explanation()).contains("gives /q/n-0000000001", "duplicate sequential name: #1 also created /q/n-0000000000");
    }

    @Test
    void sequential_names_count_every_child_create_and_survive_deletes() {
        History history = History.builder()
                .op(A, create("/q", ""), 1, 2, ok(created("/q"), z(1)))
                .op(A, create("/q/plain", ""), 3, 4, ok(created("/q/plain"), z(2)))
                .op(A, delete("/q/plain", -1), 5, 6, ok(DONE, z(3)))
                .op(B, createSequential("/q/n-", "y"), 7, 8, ok(created("/q/n-0000000001"), z(4)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void a_watch_event_after_the_reply_that_reflects_it() {
        History history = withNodeA()
                .op(B, getData("/a", true), 3, 4, ok(data("0"), z(1)))
                .op(A, setData("/a", "1", -1), 5, 6, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, getData("/a", false), 7, 8, ok(data("1"), z(2)))
                .event(B, EventType.NodeDataChanged, "/a", 9)
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.WATCH_ORDER);
        assertThat(v.explanation()).isEqualTo("event NodeDataChanged /a (session 0xb) for #2 arrived after reply #3,"
                + " which already reflected #2");
    }

    @Test
    void a_watch_event_before_the_reply_that_reflects_it_is_ok() {
        History history = withNodeA()
                .op(B, getData("/a", true), 3, 4, ok(data("0"), z(1)))
                .op(A, setData("/a", "1", -1), 5, 6, ok(updated(1, z(1), z(2)), z(2)))
                .event(B, EventType.NodeDataChanged, "/a", 7)
                .op(B, getData("/a", false), 7, 8, ok(data("1"), z(2)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void a_watch_that_never_fired_before_a_reply_reflecting_its_change() {
        History history = withNodeA()
                .op(B, exists("/a", true), 3, 4, ok(new Result.Exists(null), z(1)))
                .op(A, delete("/a", -1), 5, 6, ok(DONE, z(2)))
                .op(B, exists("/a", false), 7, 8, ok(new Result.Absent(), z(2)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.MISSED_WATCH);
        assertThat(v.explanation()).contains("the watch #1 set on /a should have fired for #2 before reply #3");
    }

    @Test
    void watch_events_out_of_zxid_order() {
        History history = withNodeA()
                .op(B, getData("/a", true), 3, 4, ok(data("0"), z(1)))
                .op(B, getChildren("/", true), 3, 4, ok(new Result.Children(List.of("a", "zookeeper")), z(1)))
                .op(A, setData("/a", "1", -1), 5, 6, ok(updated(1, z(1), z(2)), z(2)))
                .op(A, create("/b", ""), 7, 8, ok(created("/b"), z(3)))
                .event(B, EventType.NodeChildrenChanged, "/", 9)
                .event(B, EventType.NodeDataChanged, "/a", 10)
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.WATCH_ORDER);
        assertThat(v.explanation()).contains("for #3 arrived after the event for #4, a later txn");
    }

    @Test
    void an_unknown_write_that_happened() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, unknown())
                .op(B, getData("/a", false), 5, 6, ok(data("1"), z(3)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void an_unknown_write_that_did_not_happen() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, unknown())
                .op(B, sync("/"), 5, 6, ok(DONE, z(3)))
                .op(B, getData("/a", false), 7, 8, ok(data("0"), z(3)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void an_unknown_write_seen_and_then_unseen_is_a_violation() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, unknown())
                .op(B, getData("/a", false), 5, 6, ok(data("1"), z(3)))
                .op(C, getData("/a", false), 7, 8, ok(data("0"), z(4)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.READ_RESULT);
        assertThat(v.witness().ops()).contains(3);
    }

    @Test
    void an_unknown_write_cannot_take_a_zxid_that_is_not_free() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, unknown())
                .op(C, create("/b", ""), 5, 6, ok(created("/b"), z(2)))
                .op(B, getData("/a", false), 7, 8, ok(data("1"), z(2)))   // no zxid between 1 and 2 for it
                .build();
        assertThat(violation(HistoryChecker.check(history)).rule()).isEqualTo(Rule.READ_RESULT);
    }

    @Test
    void an_unknown_write_cannot_take_effect_before_it_was_invoked() {
        History history = withNodeA()
                .op(B, getData("/a", false), 3, 4, ok(data("1"), z(2)))
                .op(A, setData("/a", "1", -1), 5, 6, unknown())
                .build();
        assertThat(violation(HistoryChecker.check(history)).rule()).isEqualTo(Rule.READ_RESULT);
    }

    @Test
    void errors_are_txns_with_their_own_zxid() {
        History history = withNodeA()
                .op(B, create("/a", "x"), 3, 4, failed(ZkError.NODEEXISTS, z(2)))
                .op(B, delete("/missing", -1), 5, 6, failed(ZkError.NONODE, z(3)))
                .op(B, create("/a/b/c", ""), 7, 8, failed(ZkError.NONODE, z(4)))
                .build();
        assertThat(HistoryChecker.check(history).isOk()).isTrue();

        History special = History.builder()
                .op(A, create("/zookeeperish", ""), 1, 2, ok(created("/zookeeperish"), z(1)))
                .op(A, delete("/zookeeperish", -1), 3, 4, ok(DONE, z(2)))
                .op(A, delete("/zookeeper", -1), 5, 6, failed(ZkError.BADARGUMENTS, z(3)))
                .build();
        assertThat(HistoryChecker.check(special).isOk()).isTrue();

        History wrong = withNodeA().op(B, create("/a", "x"), 3, 4, failed(ZkError.NONODE, z(2))).build();
        assertThat(violation(HistoryChecker.check(wrong)).explanation()).contains("gives NODEEXISTS");
    }

    @Test
    void a_multi_is_all_or_nothing() {
        Command.Multi multi = new Command.Multi(List.of(create("/x", "1"), new Command.Check("/a", 5)));
        History failedMulti = withNodeA()
                .op(A, multi, 3, 4, failed(ZkError.BADVERSION, z(2)))
                .op(B, exists("/x", false), 5, 6, ok(new Result.Absent(), z(2)))
                .build();
        assertThat(HistoryChecker.check(failedMulti).isOk()).isTrue();

        History halfApplied = withNodeA()
                .op(A, multi, 3, 4, failed(ZkError.BADVERSION, z(2)))
                .op(B, exists("/x", false), 5, 6, ok(new Result.Exists(null), z(2)))
                .build();
        assertThat(violation(HistoryChecker.check(halfApplied)).rule()).isEqualTo(Rule.READ_RESULT);
    }

    @Test
    void a_successful_multi_reports_each_part() {
        Command.Multi multi = new Command.Multi(List.of(new Command.Check("/a", 0), setData("/a", "1", 0),
                createSequential("/a/s-", ""), delete("/a/s-0000000000", -1)));
        History history = withNodeA()
                .op(A, multi, 3, 4, ok(new Result.MultiResults(List.of(DONE, updated(1, z(1), z(2)),
                        created("/a/s-0000000000"), DONE)), z(2)))
                .op(B, getChildren("/a", false), 5, 6, ok(new Result.Children(List.of()), z(2)))
                .op(B, getData("/a", false), 7, 8, ok(new Result.Data("1", NodeStat.of(z(1), z(2), 1)), z(2)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void bad_input_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> new Op(A, sync("/"), 5, 4, ok(DONE, 0)))
                .hasMessage("sync /: completed at 4 before it was invoked at 5");
        assertThatThrownBy(() -> getData("a", false)).hasMessage("not a znode path: a");
        assertThatThrownBy(() -> ZkError.ofCode(-4)).hasMessageContaining("record connection loss");
        assertThatThrownBy(() -> HistoryChecker.withBudget(0)).hasMessageContaining("budget must be positive");
    }

    @Test
    void ephemerals_go_with_their_session_even_when_it_expired_at_an_unknown_moment() {
        History history = History.builder()
                .op(A, Command.createEphemeral("/e", ""), 1, 2, ok(created("/e"), z(1)))
                .op(A, new Command.CloseSession(), 3, 4, unknown())
                .op(B, exists("/e", false), 5, 6, ok(new Result.Exists(new NodeStat(z(1), z(1), 0, A, 0)), z(2)))
                .op(B, exists("/e", false), 7, 8, ok(new Result.Absent(), z(4)))
                .build();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as(result.describe()).isTrue();
    }

    @Test
    void two_writes_with_one_zxid() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, setData("/a", "2", -1), 3, 5, ok(updated(2, z(1), z(2)), z(2)))
                .build();
        assertThat(violation(HistoryChecker.check(history)).rule()).isEqualTo(Rule.UNIQUE_ZXIDS);
    }

    @Test
    void a_write_ordered_before_one_that_finished_before_it_started() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(3)), z(3)))
                .op(B, setData("/a", "2", -1), 5, 6, ok(updated(1, z(1), z(2)), z(2)))
                .build();
        CheckResult.Violation v = violation(HistoryChecker.check(history));
        assertThat(v.rule()).isEqualTo(Rule.REAL_TIME);
        assertThat(v.explanation()).isEqualTo("write #2 started after #1 finished, yet its zxid 0x1_00000002"
                + " is not above the 0x1_00000003 that #1 carried");
    }

    @Test
    void a_violation_prints_as_a_timeline() {
        History history = withNodeA()
                .op(A, setData("/a", "1", -1), 3, 4, ok(updated(1, z(1), z(2)), z(2)))
                .op(B, sync("/a"), 5, 6, ok(DONE, z(1)))
                .op(B, getData("/a", false), 7, 8, ok(data("0"), z(1)))
                .build();
        assertThat(HistoryChecker.check(history).describe()).isEqualTo("""
                VIOLATION of sync: session 0xb synced (#2) after write #1 had completed, then read #3 at zxid 0x1_00000001, older than the write's 0x1_00000002
                  rule: a read after sync sees every write that completed before the sync began
                  op     session  t=3..8                     what → outcome
                  #1     0xa      |======                  | setData /a "1" v=-1 → ok updated (version 1, czxid 0x1_00000001, mzxid 0x1_00000002) @0x1_00000002
                  #2     0xb      |         ======         | sync /a → ok done @0x1_00000001
                  #3     0xb      |                  ======| getData /a → ok "0" @0x1_00000001
                """);
    }

    @Test
    void a_history_too_ambiguous_for_the_budget_is_unknown() {
        History.Builder builder = History.builder().op(A, create("/q", ""), 1, 2, ok(created("/q"), z(1)));
        for (int i = 0; i < 20; i++) {
            builder.op(0x100 + i, create("/q/k" + i, ""), 3, 4, unknown());
        }
        // A child count no subset of the unknown creates can give: every subset must be tried.
        builder.op(B, getData("/q", false), 5, 6, ok(new Result.Data("", new NodeStat(z(1), z(1), 0, 0, 21)), z(100)));
        CheckResult result = HistoryChecker.withBudget(50_000).checkHistory(builder.build());
        assertThat(result).isInstanceOf(CheckResult.Unknown.class);
        assertThat(result.describe()).startsWith("UNKNOWN: could not decide where the 20 writes of unknown outcome took effect");
    }
}
