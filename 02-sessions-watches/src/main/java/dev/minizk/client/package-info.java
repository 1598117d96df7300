/**
 * The course's ZooKeeper client: what later stages, the notebooks and the final system's CLI use.
 *
 * <p>{@link dev.minizk.client.ZkClient} is the API: ZooKeeper's calls (create, delete, exists,
 * getData, setData, getChildren, ACLs, multi, sync, watches, addAuth, getEphemerals, close) in a
 * sync form and an async form returning a {@code CompletableFuture}, failing with stage 01's
 * {@link dev.minizk.tree.KeeperException} and ZooKeeper's codes.
 *
 * <p>Underneath is {@code ClientCore}, ZooKeeper's {@code ClientCnxn} as a single-threaded state
 * machine with no threads, sockets or clock of its own: a {@link dev.minizk.client.ClientRuntime}
 * supplies time, timers, the loop it runs on, the event thread and a
 * {@link dev.minizk.client.Transport}. The in-process network ({@code dev.minizk.inprocess}) runs it
 * on a virtual clock; the final system plugs in TCP and ZooKeeper's wire format without touching it.
 * What it does, as the stock Java client:
 * <ul>
 *   <li>xids count from 1; replies must come back in request order (anything else is a protocol
 *       error and the connection is dropped); {@code lastZxidSeen} follows every reply;</li>
 *   <li>a watch is registered client-side only once the server accepted it, and
 *       {@code ClientWatchRegistry} fans each notification out to the right
 *       {@link dev.minizk.client.Watcher}s (task 02.8);</li>
 *   <li>it pings when idle for a third of the timeout and gives up on a server silent for two
 *       thirds; a lost connection fails the outstanding calls with CONNECTIONLOSS, and the client
 *       resumes its session on a new connection and replays its watches with SetWatches before
 *       anything else (task 02.8); an invalid answer means Expired, and the handle is dead;</li>
 *   <li>watch events and completed futures leave through one ordered event queue, so an application
 *       sees a watch event before the answer to any request the server handled after the change.</li>
 * </ul>
 */
package dev.minizk.client;
