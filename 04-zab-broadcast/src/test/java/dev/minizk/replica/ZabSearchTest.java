package dev.minizk.replica;

import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Search;
import dev.minizk.sim.search.SearchResult;
import dev.minizk.sim.search.Trace;
import dev.minizk.zab.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Search tests of Zab's broadcast ({@link ZabSearch}): from an ensemble of three that elected a
 * leader, every order in which two writes, a sync, their PROPOSALs, ACKs and COMMITs and the
 * servers' ticks can happen (and, with one write, what follows a lost message), breadth-first,
 * states deduplicated by {@link ReplicaSnapshot}; Zab's invariants hold in every state, and
 * some path delivers both writes everywhere and answers the sync.
 *
 * <p>A violation is saved to {@code 04-zab-broadcast/target/search/<scenario>.trace}, and one
 * command replays it and prints the timeline:
 * {@code mvn -o -q -pl 04-zab-broadcast -am test -Dtest=ZabSearchTest#replay -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.trace=FILE}
 */
class ZabSearchTest {

    private static final Path TRACES = Path.of("target", "search");
    /** Every order of two writes, a sync and their messages: no message lost (the goal is 13 steps deep). */
    private static final Search.Bounds RELIABLE = new Search.Bounds(16, 200_000, 0, 0, true);
    /**
     * One write and a sync, with one message lost, twelve steps deep: a loss breaks its TCP
     * connection (what is in flight on it is lost too, both ends learn it, the learner looks for
     * the leader again). TCP never delivers a message twice, so no duplicates. Deeper, the
     * re-synchronization after every possible loss multiplies the states past what a test
     * explores in seconds.
     */
    private static final Search.Bounds ONE_LOST = new Search.Bounds(12, 200_000, 1, 0, true);

    @Test
    @Timeout(300)
    void every_order_of_two_writes_and_a_sync_is_safe_and_some_path_delivers_every_write() {
        assertSafeAndLive(ZabSearch.search("zab-3-two-writes", ZabSearch::ensemble).bounds(RELIABLE));
    }

    @Test
    @Timeout(300)
    void a_write_and_a_sync_with_one_message_lost_are_safe_and_some_path_delivers_the_write() {
        assertSafeAndLive(ZabSearch.search("zab-3-one-lost", () -> ZabSearch.ensemble(1, false)).bounds(ONE_LOST));
    }

    private static void assertSafeAndLive(Search<PeerMessage> search) {
        SearchResult result = search.run();
        System.out.println(result.summary());
        result.violation().ifPresent(v -> System.out.println(replayHint(result.saveViolation(TRACES))));

        assertThat(result.violation()).as("a reachable state breaks an invariant").isEmpty();
        assertThat(result.states()).isGreaterThan(1_000);
        assertThat(result.goal()).as("some path delivers every write everywhere and answers the sync").isPresent();
        Simulator<PeerMessage> delivered = search.replay(result.goal().get().choices());
        assertThat(ZabSearch.allDelivered(delivered)).as("the goal's trace replays to the goal").isTrue();
    }

    @Test
    @Timeout(300)
    void a_leader_committing_before_a_quorum_acked_is_caught_with_a_short_trace_that_replays() {
        Supplier<Simulator<PeerMessage>> broken = () -> ZabSearch.ensemble(1, true);
        SearchResult result = ZabSearch.search("zab-3-early-commit", broken).bounds(ONE_LOST).run();
        System.out.println(result.summary());

        assertThat(result.violation()).as("the search finds the broken variant's bug").isPresent();
        Trace trace = result.violation().get();
        assertThat(trace.note()).contains("a committed txn is logged on a quorum");
        Path file = result.saveViolation(TRACES);
        System.out.println(replayHint(file));

        Trace loaded = Trace.load(file);
        assertThat(loaded).isEqualTo(trace);
        Simulator<PeerMessage> replayed = broken.get();
        loaded.replay(replayed);
        assertThat(ZabSearch.committedOnQuorum(replayed)).as("the saved trace reproduces the violation").isPresent();
        Simulator<PeerMessage> again = broken.get();
        loaded.replay(again);
        assertThat(again.timeline().render()).as("a replay is identical").isEqualTo(replayed.timeline().render());
    }

    /** Replays {@code -Dminizk.trace=FILE} (a trace a search saved or the debugger exported), prints its timeline and checks the invariants at its end. */
    @Test
    void replay() {
        String file = System.getProperty("minizk.trace");
        assumeTrue(file != null && !file.isBlank(), "replays a trace given with -Dminizk.trace=FILE");
        Trace trace = Trace.load(Path.of(file));
        Simulator<PeerMessage> sim = ZabSearch.ensemble(trace.scenario()); // a search's scenario, or one the debugger exported
        trace.replay(sim);
        System.out.println(trace.text() + "\n" + sim.report(200));
        assertThat(ZabSearch.oneLeaderPerEpoch(sim)).as("after " + trace.length() + " steps").isEmpty();
        assertThat(ZabSearch.zabProperties(sim)).as("after " + trace.length() + " steps").isEmpty();
        assertThat(ZabSearch.committedOnQuorum(sim)).as("after " + trace.length() + " steps").isEmpty();
        assertThat(ZabSearch.syncAfterWrites(sim)).as("after " + trace.length() + " steps").isEmpty();
        assertThat(ZabSearch.sameTrees(sim)).as("after " + trace.length() + " steps").isEmpty();
    }

    private static String replayHint(Path trace) {
        return "trace saved to " + trace.toAbsolutePath() + "; replay it with:\n  mvn -o -q -pl 04-zab-broadcast -am test -Dtest=ZabSearchTest#replay"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.trace=" + trace.toAbsolutePath();
    }
}
