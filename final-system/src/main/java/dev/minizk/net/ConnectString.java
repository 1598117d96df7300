package dev.minizk.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's list of servers, ZooKeeper's {@code host:port[,host:port...]}. A host without a port
 * gets 2181, as in ZooKeeper. A chroot suffix ({@code /app}) is refused: the course client does
 * not rewrite paths, and silently ignoring it would put nodes where the user did not mean.
 */
public record ConnectString(List<InetSocketAddress> servers) {
    public static final int DEFAULT_PORT = 2181;

    public ConnectString {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a connect string needs at least one host:port");
        }
        servers = List.copyOf(servers);
    }

    /** Parses the text; a bad entry is an IllegalArgumentException whose message names it. */
    public static ConnectString parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("connect string is empty (expected host:port[,host:port...])");
        }
        if (text.contains("/")) {
            throw new IllegalArgumentException("connect string '" + text + "': a chroot (/path) is not supported");
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String entry : text.split(",")) {
            servers.add(parseEntry(entry.trim(), text));
        }
        return new ConnectString(servers);
    }

    private static InetSocketAddress parseEntry(String entry, String whole) {
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("connect string '" + whole + "' has an empty entry");
        }
        int colon = entry.lastIndexOf(':');
        if (colon < 0) {
            return InetSocketAddress.createUnresolved(entry, DEFAULT_PORT);
        }
        String host = entry.substring(0, colon);
        String portText = entry.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:2181
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("connect string entry '" + entry + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("connect string entry '" + entry + "': port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("connect string entry '" + entry + "': port " + port + " is not in 1..65535");
        }
        // Resolved when connecting, so a name that does not resolve yet is a failed attempt, not a crash.
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (InetSocketAddress server : servers) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(server.getHostString()).append(':').append(server.getPort());
        }
        return text.toString();
    }
}
