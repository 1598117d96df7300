package dev.minizk.election;

import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Search;
import dev.minizk.sim.search.SearchResult;
import dev.minizk.sim.search.Trace;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Search tests of fast leader election ({@link ElectionSearch}): every order in which three
 * voters' starts, notifications and timers can happen, breadth-first, states deduplicated by
 * {@link ElectionSnapshot}; the election invariants hold in every state, and some path elects
 * the server with the longest log. Timers fire only when nothing is in flight (the partly
 * synchronous world the finalize wait is tuned for).
 *
 * <p>A violation is saved to {@code 03-election/target/search/<scenario>.trace}, and one
 * command replays it and prints the timeline:
 * {@code mvn -o -q -pl 03-election -am test -Dtest=ElectionSearchTest#replay -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.trace=FILE}
 */
class ElectionSearchTest {

    private static final Path TRACES = Path.of("target", "search");
    private static final Search.Bounds BOUNDS = new Search.Bounds(40, 200_000, 0, 0, true);
    private static final Map<Integer, Long> STALE_VOTE = ThreeVoters.STALE_VOTE;

    @Test
    void every_reachable_state_of_three_voters_is_safe_and_some_path_elects_the_longest_log() {
        SearchResult result = ElectionSearch.search("fle-3", ElectionSearch::threeVoters).bounds(BOUNDS).run();
        System.out.println(result.summary());
        result.violation().ifPresent(v -> System.out.println(replayHint(result.saveViolation(TRACES))));

        assertThat(result.violation()).as("a reachable state breaks an invariant").isEmpty();
        assertThat(result.exhausted()).as("the search explored every reachable state within its bounds").isTrue();
        assertThat(result.states()).isGreaterThan(1_000);
        assertThat(result.goal()).as("some path elects a leader everyone agrees on").isPresent();
        Simulator<Notification> elected = ElectionSearch.search("fle-3", ElectionSearch::threeVoters).replay(result.goal().get().choices());
        assertThat(ElectionSearch.decisions(elected).values()).allSatisfy(d -> assertThat(d.vote().leader()).isEqualTo(1));
    }

    @Test
    void a_server_voting_with_a_stale_zxid_is_caught_with_a_short_trace_that_replays() {
        Supplier<Simulator<Notification>> broken = () -> ElectionSearch.threeVoters(STALE_VOTE);
        SearchResult result = ElectionSearch.search("fle-3-stale-vote", broken).bounds(BOUNDS).run();
        System.out.println(result.summary());

        assertThat(result.violation()).as("the search finds the broken variant's bug").isPresent();
        Trace trace = result.violation().get();
        assertThat(trace.note()).contains("no server follows a leader whose log is behind its own");
        assertThat(trace.length()).isBetween(1, 30);
        Path file = result.saveViolation(TRACES);
        System.out.println(replayHint(file));

        Trace loaded = Trace.load(file);
        assertThat(loaded).isEqualTo(trace);
        Simulator<Notification> replayed = broken.get();
        loaded.replay(replayed);
        assertThat(ElectionSearch.leaderLogUpToDate(replayed)).as("the saved trace reproduces the violation").isPresent();
        Simulator<Notification> again = broken.get();
        loaded.replay(again);
        assertThat(again.timeline().render()).as("a replay is identical").isEqualTo(replayed.timeline().render());
    }

    /** Replays {@code -Dminizk.trace=FILE} (a trace a search saved or the debugger exported), prints its timeline and checks the invariants at its end. */
    @Test
    void replay() {
        String file = System.getProperty("minizk.trace");
        assumeTrue(file != null && !file.isBlank(), "replays a trace given with -Dminizk.trace=FILE");
        Trace trace = Trace.load(Path.of(file));
        Simulator<Notification> sim = ThreeVoters.ofScenario(trace.scenario()); // fle-3, fle-3-stale-vote, or one the debugger exported
        trace.replay(sim);
        System.out.println(trace.text() + "\n" + sim.report(200));
        for (Optional<String> wrong : new Optional[] {ElectionSearch.oneLeaderPerRound(sim), ElectionSearch.rolesMatchVotes(sim),
                ElectionSearch.leaderLogUpToDate(sim)}) {
            assertThat(wrong).as("after " + trace.length() + " steps").isEmpty();
        }
    }

    private static String replayHint(Path trace) {
        return "trace saved to " + trace.toAbsolutePath() + "; replay it with:\n  mvn -o -q -pl 03-election -am test -Dtest=ElectionSearchTest#replay"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dminizk.trace=" + trace.toAbsolutePath();
    }
}
