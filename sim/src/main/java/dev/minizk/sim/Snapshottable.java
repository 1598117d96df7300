package dev.minizk.sim;

/**
 * A node that can say what state it is in, as a value: two nodes whose snapshots are equal
 * behave the same from here on, whatever path brought each there. The search tests
 * ({@link dev.minizk.sim.search.Search}) put snapshots in a hash set to recognise a world state
 * they have seen already, so a snapshot must
 *
 * <ul>
 *   <li>hold every field that decides what the node does next (and nothing that does not:
 *       a counter kept only for statistics splits one state into many);</li>
 *   <li>be made of values with {@code equals} and {@code hashCode} (records, enums, strings,
 *       numbers, and unmodifiable copies of collections of them), never the node's own mutable
 *       maps, which change after the snapshot is taken;</li>
 *   <li>hold times relative to the node's clock now ({@code now - lastHeard}), not absolute
 *       times: two paths reach the same state at different virtual times;</li>
 *   <li>leave out timer ids ({@link TimerId}): the simulator numbers timers in the order they
 *       are set, so the same timer has different ids on different paths. Say whether a timer
 *       is pending instead; the world's fingerprint holds the pending timers' tags and due times.</li>
 * </ul>
 */
public interface Snapshottable {

    /** This node's state now, as a value (see the class comment for what it must hold). */
    Object snapshot();
}
