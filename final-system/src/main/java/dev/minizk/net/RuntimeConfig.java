package dev.minizk.net;

import dev.minizk.server.ServerConfig;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * What the real runtime needs besides the server's own settings.
 *
 * @param bindAddress         where to listen; port 0 picks a free port
 * @param server              the standalone server's settings (tick, session timeouts, TTL, super digest)
 * @param dataDir             shown by {@code conf}; accepted but unused until stage 05 adds durability
 * @param fourLetterWhitelist the four-letter words that answer ({@code 4lw.commands.whitelist});
 *                            {@code *} for all. {@code srvr} always answers, as in ZooKeeper.
 */
public record RuntimeConfig(InetSocketAddress bindAddress, ServerConfig server, String dataDir,
                            Set<String> fourLetterWhitelist) {

    /** Loopback, a free port, every four-letter word: what tests and demos want. */
    public static RuntimeConfig loopback(ServerConfig server) {
        return new RuntimeConfig(new InetSocketAddress("127.0.0.1", 0), server, null, Set.of("*"));
    }

    public boolean allows(String word) {
        return word.equals("srvr") || fourLetterWhitelist.contains("*") || fourLetterWhitelist.contains(word);
    }
}
