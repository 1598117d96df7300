package dev.minizk.election;

/** Told of every decision: where a test records history and where stage 04 starts Zab. */
@FunctionalInterface
public interface DecisionListener {
    DecisionListener NONE = decision -> {
    };

    void decided(Decision decision);
}
