package dev.minizk.sim;

/** A timer that was set, so that it can be cancelled. Unique within one run. */
public record TimerId(long value) {
}
