package dev.minizk.sim;

/**
 * A deterministic run: the same seed and scenario replay it event for event. What a failing
 * test prints about it ({@link dev.minizk.sim.junit.TimelineOnFailure}): the seed and the last
 * events of its timeline.
 */
public interface Replayable {

    /** The seed every choice of the run was drawn from. */
    long seed();

    /** A header line (seed, virtual time, counters) and the last {@code lastEvents} events of the timeline. */
    String report(int lastEvents);
}
