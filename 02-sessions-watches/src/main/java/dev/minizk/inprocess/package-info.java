/**
 * A whole single-server system in one thread: {@link dev.minizk.inprocess.InProcessNetwork} hosts
 * a {@link dev.minizk.server.StandaloneServer} and gives any number of clients a
 * {@link dev.minizk.client.ClientRuntime}. It is a thin layer over the course's simulator
 * ({@code dev.minizk.sim}): the server is its one node ({@link dev.minizk.simclient.ServerNode}),
 * each client a simulated client machine. One virtual clock, one event queue, FIFO connections
 * with a fixed latency: a test is a deterministic function of what it does, needs no sleeps, and
 * can cut clients off, drop their connections and move time on at will. When a test fails, the
 * timeline says what went over which connection at which virtual millisecond.
 *
 * <p>This is the runtime the stage-02 tests, the notebooks and the benchmarks use; the same
 * simulator runs many servers with seeded faults (stage 03 on).
 */
package dev.minizk.inprocess;
