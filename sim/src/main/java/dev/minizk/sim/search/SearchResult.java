package dev.minizk.sim.search;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a search found.
 *
 * @param scenario      the scenario searched
 * @param states        distinct world states reached (the initial one included)
 * @param transitions   choices applied (many lead to a state seen already)
 * @param maxDepth      the longest path to a new state
 * @param exhausted     every state reachable within the bounds was explored (no path was cut
 *                      by the depth bound, the state bound was not hit)
 * @param violation     the shortest path to a state breaking an invariant, if any
 * @param goal          the shortest path to a state where the goal holds, if any was found
 * @param elapsedMillis how long the search took
 */
public record SearchResult(String scenario, long states, long transitions, int maxDepth, boolean exhausted,
                           Optional<Trace> violation, Optional<Trace> goal, long elapsedMillis) {

    /** One line: the counts a test prints. */
    public String summary() {
        return "search " + scenario + ": " + states + " states, " + transitions + " transitions, depth " + maxDepth
                + (exhausted ? " (exhausted)" : " (bounded)") + ", " + elapsedMillis + " ms"
                + violation.map(v -> ", VIOLATION after " + v.length() + " steps: " + v.note()).orElse(", no violation")
                + goal.map(g -> ", goal reached in " + g.length() + " steps").orElse(", goal not reached");
    }

    /** Saves the violating trace as {@code dir/<scenario>.trace} and returns the file (there must be a violation). */
    public Path saveViolation(Path dir) {
        Trace trace = violation.orElseThrow(() -> new IllegalStateException("no violation to save"));
        Path file = dir.resolve(scenario.replaceAll("[^A-Za-z0-9_.-]", "_") + ".trace");
        trace.save(file);
        return file;
    }
}
