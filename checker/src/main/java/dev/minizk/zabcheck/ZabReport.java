package dev.minizk.zabcheck;

import java.util.List;

/** The outcome of checking one run: no violations, or each one found (first of each kind first). */
public record ZabReport(List<ZabViolation> violations, int logs, int deliveredTxns) {
    /** How many violations {@link #describe} prints before it says how many more there are. */
    private static final int PRINTED_VIOLATIONS = 8;

    public ZabReport {
        violations = List.copyOf(violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    public String describe() {
        if (ok()) {
            return "Zab properties hold over " + logs + " server logs (" + deliveredTxns + " distinct txns delivered)\n";
        }
        StringBuilder text = new StringBuilder();
        violations.stream().limit(PRINTED_VIOLATIONS).forEach(v -> text.append(v.describe()));
        if (violations.size() > PRINTED_VIOLATIONS) {
            text.append("… and ").append(violations.size() - PRINTED_VIOLATIONS).append(" more violations\n");
        }
        return text.toString();
    }

    /** For tests: fail with the report when a property is broken. */
    public void throwIfViolated() {
        if (!ok()) {
            throw new AssertionError(describe());
        }
    }
}
