/**
 * The course's client and standalone server in the simulator's world ({@code dev.minizk.sim}):
 * {@link dev.minizk.simclient.ServerNode} runs a {@code StandaloneServer} as a simulated node
 * that serves client links, and {@link dev.minizk.simclient.SimulatedClient} is a
 * {@code ClientRuntime} and {@code Transport} on a simulated client machine, with a connect
 * string over several servers. Everything runs on the simulator's one loop, one seed.
 */
package dev.minizk.simclient;
