/**
 * A whole single-server system in one thread: {@link dev.minizk.inprocess.InProcessNetwork} hosts
 * a {@link dev.minizk.server.StandaloneServer} (it is the server's
 * {@link dev.minizk.server.ServerContext}) and gives any number of clients a
 * {@link dev.minizk.client.ClientRuntime}. One virtual clock, one event queue, FIFO connections
 * with a fixed latency: a test is a deterministic function of what it does, needs no sleeps, and
 * can cut clients off, drop their connections and move time on at will. When a test fails, the
 * network's timeline says what went over which connection at which virtual millisecond.
 *
 * <p>This is the runtime the stage-02 tests, the notebooks and the benchmarks use; stage 03's
 * simulator generalizes it to many servers and seeded faults.
 */
package dev.minizk.inprocess;
