/**
 * The status page of a server process: a small web page and a JSON API (Javalin, Jackson)
 * that show what the server holds right now: role, last zxid, sessions, watches, connections,
 * the znode tree and the recent txns.
 *
 * <p>The server is owned by its event-loop thread ({@link dev.minizk.net.ServerRuntime}), so
 * every read here is a function handed to {@code runtime.submit(...)}: it runs on the loop,
 * copies what it needs into immutable view records, and only those records cross back to the
 * HTTP threads. {@link dev.minizk.status.StatusQueries} holds those functions;
 * {@link dev.minizk.status.StatusServer} holds the routes.
 */
package dev.minizk.status;
