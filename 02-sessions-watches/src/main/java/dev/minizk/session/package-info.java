/**
 * Client sessions on one server: ids, passwords, negotiated timeouts and bucketed expiry
 * (ZooKeeper's {@code SessionTrackerImpl} and {@code ExpiryQueue}). A session is how
 * ZooKeeper tells a live client from a dead one: as long as the client's requests and pings
 * keep arriving, its session lives and so do its ephemeral nodes and watches; after a
 * timeout of silence the server expires it, and that expiry, not a broken TCP connection,
 * is what releases the client's locks and membership. Nothing here reads a clock: every
 * method that needs the time takes it as {@code long now}, so the server's tests (and
 * later the simulator) decide exactly when time passes.
 */
package dev.minizk.session;
