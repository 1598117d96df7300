package dev.minizk.history;

/** The checker's answer: OK, VIOLATION with a witness, or UNKNOWN. Never a silent pass. */
public sealed interface CheckResult {

    /** A few lines for a person: the verdict, and for a violation the rule and the timeline. */
    String describe();

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** For tests: fail with the description unless the history is OK. */
    default void throwUnlessOk() {
        if (!isOk()) {
            throw new AssertionError(describe());
        }
    }

    /** The history fits the model. {@code searchSteps} is how much placing unknown writes took. */
    record Ok(int ops, long searchSteps) implements CheckResult {
        public String describe() {
            return "OK: " + ops + " ops fit ZooKeeper's consistency model (" + searchSteps + " search steps)";
        }
    }

    record Violation(Rule rule, String explanation, Witness witness) implements CheckResult {
        public String describe() {
            return "VIOLATION of " + rule.title() + ": " + explanation + "\n"
                    + "  rule: " + rule.sentence() + "\n"
                    + witness.timeline();
        }
    }

    /** The search ran out of budget before it could decide: treat as a failure to check, not a pass. */
    record Unknown(String reason, long searchSteps) implements CheckResult {
        public String describe() {
            return "UNKNOWN: " + reason + " (gave up after " + searchSteps + " search steps)";
        }
    }
}
