package dev.minizk.server;

/**
 * A standalone server's settings, with ZooKeeper's names and defaults.
 *
 * @param serverId                 the top byte of every session id this server makes
 * @param tickTime                 the basic time unit in ms; session expiry is checked once per tick
 * @param minSessionTimeout        ZooKeeper's default is 2 ticks
 * @param maxSessionTimeout        ZooKeeper's default is 20 ticks
 * @param superDigest              {@code super:<base64 sha1>}: whoever authenticates with its password bypasses ACLs; null for none
 * @param ttlEnabled               ZooKeeper's {@code zookeeper.extendedTypesEnabled}: allows TTL nodes
 * @param containerCheckInterval   how often the reaper looks for empty containers and expired TTL nodes (ms)
 * @param maxNeverUsedContainerAge reap a container that never had a child after this long (ms); 0 = never
 */
public record ServerConfig(int serverId, int tickTime, int minSessionTimeout, int maxSessionTimeout,
                           String superDigest, boolean ttlEnabled, long containerCheckInterval,
                           long maxNeverUsedContainerAge) {

    public ServerConfig {
        if (tickTime <= 0) {
            throw new IllegalArgumentException("tickTime must be positive, was " + tickTime);
        }
        if (minSessionTimeout > maxSessionTimeout) {
            throw new IllegalArgumentException("minSessionTimeout " + minSessionTimeout
                    + " is above maxSessionTimeout " + maxSessionTimeout);
        }
        if (serverId < 0 || serverId > 254) {
            throw new IllegalArgumentException("serverId must be in 0..254, was " + serverId);
        }
    }

    /** ZooKeeper's defaults: tick 2000 ms, timeouts 4..40 s, reaper every minute, TTL nodes off. */
    public static ServerConfig defaults() {
        return withTick(2_000);
    }

    public static ServerConfig withTick(int tickTime) {
        return new ServerConfig(1, tickTime, 2 * tickTime, 20 * tickTime, null, false, 60_000, 0);
    }

    public ServerConfig withTtlEnabled(boolean enabled) {
        return new ServerConfig(serverId, tickTime, minSessionTimeout, maxSessionTimeout, superDigest, enabled,
                containerCheckInterval, maxNeverUsedContainerAge);
    }

    public ServerConfig withSuperDigest(String digest) {
        return new ServerConfig(serverId, tickTime, minSessionTimeout, maxSessionTimeout, digest, ttlEnabled,
                containerCheckInterval, maxNeverUsedContainerAge);
    }

    public ServerConfig withServerId(int id) {
        return new ServerConfig(id, tickTime, minSessionTimeout, maxSessionTimeout, superDigest, ttlEnabled,
                containerCheckInterval, maxNeverUsedContainerAge);
    }
}
