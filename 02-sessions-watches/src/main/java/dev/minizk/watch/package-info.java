/**
 * Watches: who is told what when the tree changes.
 *
 * <p>Stage 01 turns every applied txn into {@link dev.minizk.tree.WatchTrigger}s ("NodeCreated at
 * /a", "NodeChildrenChanged at /"). {@link dev.minizk.watch.WatchManager} matches those triggers
 * against the watches connections registered and answers with {@link dev.minizk.watch.Delivery}s,
 * at most one per connection per trigger, in a fixed order. It follows ZooKeeper 3.6+:
 * <ul>
 *   <li>one-time data and child watches (getData, exists, getChildren) fire once and are gone;</li>
 *   <li>persistent and persistent-recursive watches (addWatch) stay until removeWatches or the end
 *       of the session; recursive ones also hear about every descendant, but never about child lists;</li>
 *   <li>after a reconnect, SetWatches re-registers a client's watches against the current tree and
 *       reports at once what the client missed while it was away.</li>
 * </ul>
 * The manager is plain single-threaded state: no I/O, no clock. The server calls it while it applies
 * a txn, so notifications go out before any reply that reflects a later state.
 */
package dev.minizk.watch;
