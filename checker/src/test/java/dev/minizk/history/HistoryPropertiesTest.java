package dev.minizk.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * What the checker promises, as properties over generated histories.
 *
 * <ul>
 * <li>Soundness: a history ZooKeeper could produce (one sequential execution; reads served from
 *     any state their session may see; some writes of unknown outcome, which did or did not
 *     happen; one-time watches firing as the session's server applies the txn) is OK. (With a
 *     small enough number of unknown writes the budget is never reached.)
 * <li>Completeness for a changed reply, when every outcome is known: the order of all txns is
 *     then fixed by their zxids, so the state at every reply's zxid is unique and a reply that
 *     differs from it (other data, version, name, error, presence, children) is a VIOLATION.
 * <li>With unknown outcomes that is not true in general (a changed read can be exactly what an
 *     unknown write would have produced), so the property is narrower: a changed getData of a
 *     node that no unknown write touched is never OK.
 * </ul>
 */
class HistoryPropertiesTest {

    @Property(tries = 100)
    void legal_histories_are_ok(@ForAll @LongRange(min = 1) long seed, @ForAll @IntRange(min = 1, max = 4) int sessions,
                                @ForAll @IntRange(min = 5, max = 120) int steps) {
        History history = LegalHistories.generate(seed, sessions, steps, 0.1).history();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as("%s%n%s", replay("legal_histories_are_ok", seed, sessions, steps, 0.1),
                result.describe()).isTrue();
    }

    @Property(tries = 100)
    void legal_histories_with_watches_are_ok(@ForAll @LongRange(min = 1) long seed,
                                             @ForAll @IntRange(min = 1, max = 4) int sessions,
                                             @ForAll @IntRange(min = 5, max = 120) int steps) {
        History history = LegalHistories.generateWithWatches(seed, sessions, steps, 0.1).history();
        CheckResult result = HistoryChecker.check(history);
        assertThat(result.isOk()).as("%s%n%s", replay("legal_histories_with_watches_are_ok", seed, sessions, steps, 0.1)
                .replace("generate(", "generateWithWatches("), result.describe()).isTrue();
    }

    @Property(tries = 100)
    void changing_one_reply_of_a_history_without_unknowns_is_a_violation(
            @ForAll @LongRange(min = 1) long seed, @ForAll @IntRange(min = 1, max = 4) int sessions,
            @ForAll @IntRange(min = 5, max = 120) int steps) {
        History history = LegalHistories.generate(seed, sessions, steps, 0).history();
        Random random = new Random(seed);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < history.ops().size(); i++) {
            if (history.ops().get(i).hasReply() && !(history.ops().get(i).command() instanceof Command.Sync)) {
                candidates.add(i);
            }
        }
        int victim = candidates.get(random.nextInt(candidates.size()));
        History mutated = replace(history, victim, mutate(history.ops().get(victim)));
        CheckResult result = HistoryChecker.check(mutated);
        assertThat(result).as("%s, changed #%d%n%s", replay("changing_one_reply_of_a_history_without_unknowns_is_a_violation",
                seed, sessions, steps, 0), victim, result.describe()).isInstanceOf(CheckResult.Violation.class);
    }

    @Property(tries = 100)
    void changing_a_read_of_a_node_no_unknown_write_touched_is_never_ok(
            @ForAll @LongRange(min = 1) long seed, @ForAll @IntRange(min = 1, max = 4) int sessions,
            @ForAll @IntRange(min = 5, max = 120) int steps) {
        LegalHistories.Generated generated = LegalHistories.generate(seed, sessions, steps, 0.15);
        History history = generated.history();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < history.ops().size(); i++) {
            Op op = history.ops().get(i);
            if (op.command() instanceof Command.GetData get && op.outcome() instanceof Outcome.Ok
                    && !generated.keysWithUnknownWrites().contains(get.path())) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        int victim = candidates.get(new Random(seed).nextInt(candidates.size()));
        CheckResult result = HistoryChecker.check(replace(history, victim, mutate(history.ops().get(victim))));
        assertThat(result.isOk()).as("%s, changed #%d%n%s", replay("changing_a_read_of_a_node_no_unknown_write_touched_is_never_ok",
                seed, sessions, steps, 0.15), victim, result.describe()).isFalse();
    }

    /** The history's recipe and the command that reruns the property (jqwik tries the failing sample first). */
    private static String replay(String property, long seed, int sessions, int steps, double unknownRate) {
        return String.format("history LegalHistories.generate(%dL, %d, %d, %s); replay: mvn -q -pl checker test"
                + " -Dtest='HistoryPropertiesTest#%s'", seed, sessions, steps, unknownRate, property);
    }

    private static History replace(History history, int index, Outcome outcome) {
        List<Op> ops = new ArrayList<>(history.ops());
        Op op = ops.get(index);
        ops.set(index, new Op(op.session(), op.command(), op.invokedAt(), op.completedAt(), outcome));
        return new History(ops, history.events());
    }

    /** A different reply with the same zxid. */
    static Outcome mutate(Op op) {
        long zxid = op.zxid();
        if (op.outcome() instanceof Outcome.Failed failed) {
            if (!op.command().isWrite()) {
                return Outcome.ok(new Result.Data("?", null), zxid);
            }
            return Outcome.failed(failed.error() == ZkError.NONODE ? ZkError.BADVERSION : ZkError.NONODE, zxid);
        }
        Result result = ((Outcome.Ok) op.outcome()).result();
        if (result instanceof Result.Data data) {
            return Outcome.ok(new Result.Data(data.data() + "!", data.stat()), zxid);
        }
        if (result instanceof Result.Created created) {
            return Outcome.ok(new Result.Created(created.path() + "x"), zxid);
        }
        if (result instanceof Result.Updated updated) {
            NodeStat s = updated.stat();
            return Outcome.ok(new Result.Updated(new NodeStat(s.czxid(), s.mzxid(), s.version() + 1, 0, 0)), zxid);
        }
        if (result instanceof Result.Absent) {
            return Outcome.ok(new Result.Exists(null), zxid);
        }
        if (result instanceof Result.Exists) {
            return Outcome.ok(new Result.Absent(), zxid);
        }
        if (result instanceof Result.Children children) {
            List<String> names = new ArrayList<>(children.names());
            names.add("zz");
            return Outcome.ok(new Result.Children(names), zxid);
        }
        if (result instanceof Result.Done) {
            return Outcome.failed(ZkError.NONODE, zxid);
        }
        throw new IllegalArgumentException("no mutation for " + result);
    }
}
