package dev.minizk.net;

import dev.minizk.server.ServerConfig;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.tree.DataTree;
import dev.minizk.tree.Znode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Properties;
import java.util.Set;

/**
 * ZooKeeper's four-letter words: an admin command sent raw on the client port instead of a
 * ConnectRequest, answered with text, after which the server closes the connection
 * (zk-reference §5.1). The answers follow ZooKeeper's text formats, because tools parse them:
 * {@code zkServer.sh status} reads {@code srvr}, monitoring systems read {@code mntr}.
 * Runs on the loop thread.
 */
final class FourLetterWords {
    /**
     * The version tools see. minizk speaks ZooKeeper 3.9.5's client protocol; the suffix says
     * that it is not ZooKeeper.
     */
    static final String VERSION = "3.9.5-minizk, built on " + builtOn();

    /** Every word ZooKeeper knows, so that any of them is recognised before the handshake. */
    private static final Set<String> KNOWN = Set.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "dump",
            "envi", "gtmk", "stmk", "srst", "wchc", "wchp", "wchs", "dirs", "isro", "hash");

    private final ServerRuntime runtime;
    private final ClientFacingServer server;

    FourLetterWords(ServerRuntime runtime) {
        this.runtime = runtime;
        this.server = runtime.server();
    }

    /**
     * The word the first 4 bytes of a connection spell, or null. ZooKeeper reads those bytes as
     * the length of the ConnectRequest; every four-letter word is far above any legal length
     * ("ruok" = 0x72756f6b), so the two can never be confused.
     */
    static String wordOf(int firstFourBytes) {
        char[] chars = {(char) (firstFourBytes >>> 24 & 0xFF), (char) (firstFourBytes >>> 16 & 0xFF),
                (char) (firstFourBytes >>> 8 & 0xFF), (char) (firstFourBytes & 0xFF)};
        String word = new String(chars);
        return KNOWN.contains(word) ? word : null;
    }

    String answer(String word) {
        return switch (word) {
            case "ruok" -> "imok";
            case "srvr" -> srvr(false);
            case "stat" -> srvr(true);
            case "mntr" -> mntr();
            case "conf" -> conf();
            case "cons" -> cons();
            case "wchs" -> wchs();
            case "isro" -> "rw";
            case "srst" -> {
                runtime.resetStats();
                yield "Server stats reset.\n";
            }
            case "crst" -> {
                runtime.connections().forEach(c -> c.latency.reset());
                yield "Connection stats reset.\n";
            }
            default -> word + " is not implemented by minizk.\n";
        };
    }

    /** What ZooKeeper answers to srvr, stat and mntr while its server looks for a leader. */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

    /** standalone, leader, follower or observer; null while an ensemble's server looks for a leader. */
    private String mode() {
        return server instanceof QuorumMember member ? member.mode() : "standalone"; // a replica alone says standalone itself
    }

    /** {@code srvr}, and {@code stat} which adds the client list (ZooKeeper's StatCommand). */
    private String srvr(boolean withClients) {
        String mode = mode();
        if (mode == null) {
            return NOT_SERVING;
        }
        StringBuilder out = new StringBuilder();
        out.append("Zookeeper version: ").append(VERSION).append('\n');
        if (withClients) {
            out.append("Clients:\n");
            for (ClientConnection c : runtime.connections()) {
                out.append(' ').append(connectionLine(c, true)).append('\n');
            }
            out.append('\n');
        }
        LatencyStats latency = runtime.latency();
        out.append("Latency min/avg/max: ").append(latency.min()).append('/').append(latency.avg()).append('/')
                .append(latency.max()).append('\n');
        out.append("Received: ").append(runtime.packetsReceived()).append('\n');
        out.append("Sent: ").append(runtime.packetsSent()).append('\n');
        out.append("Connections: ").append(runtime.connections().size()).append('\n');
        out.append("Outstanding: 0\n"); // one thread answers every request before reading the next
        out.append("Zxid: 0x").append(Long.toHexString(server.lastZxid())).append('\n');
        out.append("Mode: ").append(mode).append('\n');
        out.append("Node count: ").append(server.tree().nodeCount()).append('\n');
        return out.toString();
    }

    private String mntr() {
        String mode = mode();
        if (mode == null) {
            return NOT_SERVING;
        }
        DataTree tree = server.tree();
        LatencyStats latency = runtime.latency();
        StringBuilder out = new StringBuilder();
        line(out, "zk_version", VERSION);
        line(out, "zk_server_state", mode);
        line(out, "zk_avg_latency", latency.avg());
        line(out, "zk_max_latency", latency.max());
        line(out, "zk_min_latency", latency.min());
        line(out, "zk_packets_received", runtime.packetsReceived());
        line(out, "zk_packets_sent", runtime.packetsSent());
        line(out, "zk_num_alive_connections", runtime.connections().size());
        line(out, "zk_outstanding_requests", 0);
        line(out, "zk_znode_count", tree.nodeCount());
        line(out, "zk_watch_count", server.watches().watchCount());
        line(out, "zk_ephemerals_count", ephemeralCount(tree));
        line(out, "zk_approximate_data_size", approximateDataSize(tree));
        line(out, "zk_global_sessions", server.sessions().size());
        line(out, "zk_uptime", System.currentTimeMillis() - runtime.startedAt());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            line(out, "zk_open_file_descriptor_count", unix.getOpenFileDescriptorCount());
            line(out, "zk_max_file_descriptor_count", unix.getMaxFileDescriptorCount());
        }
        QuorumMember.of(server).ifPresent(member -> member.quorumMetrics().forEach((key, value) -> line(out, key, value)));
        return out.toString();
    }

    private String conf() {
        ServerConfig config = runtime.config().server();
        StringBuilder out = new StringBuilder();
        out.append("clientPort=").append(runtime.port()).append('\n');
        out.append("clientPortAddress=").append(runtime.address().getAddress().getHostAddress()).append('\n');
        String dataDir = runtime.config().dataDir();
        out.append("dataDir=").append(dataDir == null ? "" : dataDir)
                .append(QuorumMember.of(server).isPresent() ? "" : " (unused: a standalone server keeps its data in memory)").append('\n');
        out.append("tickTime=").append(config.tickTime()).append('\n');
        out.append("minSessionTimeout=").append(config.minSessionTimeout()).append('\n');
        out.append("maxSessionTimeout=").append(config.maxSessionTimeout()).append('\n');
        out.append("serverId=").append(config.serverId()).append('\n');
        out.append("extendedTypesEnabled=").append(config.ttlEnabled()).append('\n');
        out.append("superDigest=").append(config.superDigest() == null ? "(none)" : "(set)").append('\n');
        return out.toString();
    }

    /** {@code cons}: one line per connection, then a blank line (ZooKeeper's ConsCommand). */
    private String cons() {
        StringBuilder out = new StringBuilder();
        for (ClientConnection c : runtime.connections()) {
            out.append(' ').append(connectionLine(c, false)).append('\n');
        }
        return out.append('\n').toString();
    }

    private String wchs() {
        var watches = server.watches();
        return watches.watcherCount() + " connections watching " + watches.watchedPathCount() + " paths\n"
                + "Total watches:" + watches.watchCount() + "\n";
    }

    /** ZooKeeper's {@code ServerCnxn.dumpConnectionInfo}: brief for {@code stat}, full for {@code cons}. */
    private static String connectionLine(ClientConnection c, boolean brief) {
        StringBuilder out = new StringBuilder();
        out.append('/').append(c.remoteAddress).append('[').append(c.handshakeStarted ? 1 : 0).append("](queued=")
                .append(c.outbound.size()).append(",recved=").append(c.packetsReceived).append(",sent=")
                .append(c.packetsSent);
        if (!brief) {
            out.append(",sid=0x").append(Long.toHexString(c.sessionId)).append(",lop=").append(c.lastOp)
                    .append(",est=").append(c.establishedAt).append(",to=").append(c.sessionTimeout)
                    .append(",lcxid=0x").append(Integer.toHexString(c.lastXid))
                    .append(",lzxid=0x").append(Long.toHexString(c.lastZxid))
                    .append(",lresp=").append(c.lastResponseAt).append(",llat=").append(c.latency.last())
                    .append(",minlat=").append(c.latency.min()).append(",avglat=").append(c.latency.avg())
                    .append(",maxlat=").append(c.latency.max());
        }
        return out.append(')').toString();
    }

    private static long ephemeralCount(DataTree tree) {
        long count = 0;
        for (long session : tree.sessionsWithEphemerals()) {
            count += tree.ephemerals(session).size();
        }
        return count;
    }

    /** Path lengths plus data lengths, as ZooKeeper's {@code approximateDataSize}. */
    private static long approximateDataSize(DataTree tree) {
        long size = 0;
        for (String path : tree.paths()) {
            Znode node = tree.node(path);
            size += path.length() + (node.data() == null ? 0 : node.data().length);
        }
        return size;
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append('\t').append(value).append('\n');
    }

    /** When Maven built this jar (build.properties, filtered at build time), as ZooKeeper prints it. */
    private static String builtOn() {
        try (InputStream in = FourLetterWords.class.getResourceAsStream("build.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            String builtOn = properties.getProperty("built.on", "");
            return builtOn.isBlank() || builtOn.contains("${") ? "an unknown date (not built by Maven)" : builtOn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
