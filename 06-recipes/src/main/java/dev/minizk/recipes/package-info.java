/**
 * Stage 06: the classic ZooKeeper recipes on the course's asynchronous client
 * ({@link dev.minizk.client.ZkClient}): an exclusive lock with a fencing token, a read-write lock,
 * a counting semaphore, leader election, a double barrier, a FIFO queue, group membership, a
 * configuration service and a distributed counter.
 *
 * <p>Each recipe is a small state machine driven by the client's futures and watch events: it
 * never blocks inside a callback, so it runs unchanged on the simulator's one loop and on a real
 * client's event thread. The lock, read-write lock, semaphore and leader election use Apache
 * Curator 5.9's znode layouts, so a minizk lock and a Curator lock on the same path exclude each
 * other. Connection loss is handled as Curator does (a create whose outcome is unknown is found
 * again by the GUID in its name, {@link dev.minizk.recipes.ProtectedCreate}); session expiry ends
 * a lock or a leadership and the holder is told ({@link dev.minizk.recipes.SessionEvents}).
 */
package dev.minizk.recipes;
