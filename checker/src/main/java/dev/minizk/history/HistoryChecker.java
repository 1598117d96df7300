package dev.minizk.history;

/**
 * Checks a client history against ZooKeeper's consistency model. First the one-pass checks on
 * the zxids replies carry ({@link ZxidChecks}), then a replay of every txn in zxid order on a
 * model tree that checks each reply and each watch event ({@link Linearizer}, {@link WatchCheck}).
 * Zxids make the replay cheap (the order of acknowledged writes is given, not searched) and are
 * never trusted alone: a reply claiming a zxid must also carry the result the tree has there.
 */
public final class HistoryChecker {
    /** Default search budget: steps of the search that places writes of unknown outcome. */
    public static final long DEFAULT_BUDGET = 200_000;

    private final long budget;

    private HistoryChecker(long budget) {
        if (budget <= 0) {
            throw new IllegalArgumentException("the search budget must be positive, got " + budget);
        }
        this.budget = budget;
    }

    public static HistoryChecker withBudget(long steps) {
        return new HistoryChecker(steps);
    }

    public static CheckResult check(History history) {
        return new HistoryChecker(DEFAULT_BUDGET).checkHistory(history);
    }

    public CheckResult checkHistory(History history) {
        ZxidChecks zxidChecks = new ZxidChecks(history);
        CheckResult.Violation cheap = zxidChecks.check();
        if (cheap != null) {
            return cheap;
        }
        Linearizer linearizer = new Linearizer(history, zxidChecks, budget);
        try {
            if (linearizer.run()) {
                return new CheckResult.Ok(history.ops().size(), linearizer.steps());
            }
        } catch (Linearizer.BudgetExceeded e) {
            return new CheckResult.Unknown("could not decide where the " + linearizer.floatingWrites()
                    + " writes of unknown outcome took effect within the budget of " + budget + " steps", budget);
        }
        return linearizer.failure();
    }
}
