package dev.minizk.status;

/**
 * A server's state at one moment: what the status page's header and cards show.
 *
 * @param role            {@code standalone}, or an ensemble member's {@code leader}, {@code follower},
 *                        {@code observer} or {@code looking}
 * @param serverId        the server's id (the top byte of the session ids it makes)
 * @param lastZxid        the zxid of the last txn applied, in hex
 * @param epoch           the high 32 bits of {@code lastZxid}
 * @param counter         the low 32 bits of {@code lastZxid}
 * @param startedAt       when the server started serving (ms since the epoch)
 * @param uptimeMillis    how long it has been serving
 * @param nodeCount       znodes in the tree, {@code /} and {@code /zookeeper} included
 * @param sessionCount    live sessions
 * @param watches         watch registrations
 * @param connectionCount client connections the server knows (those past the handshake)
 * @param connectString   {@code host:port} for clients
 * @param tickTime        the basic time unit (ms)
 * @param minSessionTimeout the shortest session timeout granted (ms)
 * @param maxSessionTimeout the longest session timeout granted (ms)
 * @param internalErrors  exceptions the server threw while handling a request: 0 unless it has a bug
 */
public record StatusView(String role, int serverId, String lastZxid, long epoch, long counter,
                         long startedAt, long uptimeMillis, int nodeCount, int sessionCount,
                         WatchCounts watches, int connectionCount, String connectString,
                         int tickTime, int minSessionTimeout, int maxSessionTimeout, long internalErrors) {
}
