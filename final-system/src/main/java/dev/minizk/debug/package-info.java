/**
 * The visual debugger ({@code ./minizk debug}): a browser page over the simulated worlds of the
 * search tests, in which a person delivers pending events one at a time, crashes, restarts and
 * cuts off servers, travels back through a tree of explored states and branches from any of
 * them, and exports the path as a trace the search tests' replay command runs.
 *
 * <p>The server side is a thin JSON API ({@link dev.minizk.debug.DebugServer}) over one
 * {@link dev.minizk.debug.DebugSession}; a world is built from a scenario name
 * ({@link dev.minizk.debug.DebugWorld#of}) and forked the way the search forks it, by building it
 * again and replaying the path's choices ({@link dev.minizk.sim.search.Trace}). What may happen
 * next is what the search would explore ({@link dev.minizk.sim.search.EnabledChoices}). The
 * page is plain HTML, CSS and JavaScript in this package's resources; it draws its sequence
 * diagram itself, as SVG.
 */
package dev.minizk.debug;
