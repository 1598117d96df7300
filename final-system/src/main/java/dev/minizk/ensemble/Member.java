package dev.minizk.ensemble;

import java.net.InetSocketAddress;

/**
 * One server of an ensemble as {@code zoo.cfg} names it:
 * {@code server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]}.
 * minizk carries the election's notifications and Zab's packets on one connection per pair, to
 * the quorum port; the election port is read (ZooKeeper's files have it) but not listened on.
 *
 * @param clientPort the client port given after {@code ;}, or 0 when the line has none
 */
public record Member(int id, String host, int quorumPort, int electionPort, boolean observer, String clientHost, int clientPort) {

    public Member {
        if (id <= 0) {
            throw new IllegalArgumentException("server ids are positive, got " + id);
        }
        checkPort("quorum port", quorumPort);
        checkPort("election port", electionPort);
        if (clientPort != 0) {
            checkPort("client port", clientPort);
        }
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(what + " " + port + " is outside 1..65535");
        }
    }

    /** Parses the value of a {@code server.N} line; the message names what is wrong. */
    public static Member parse(int id, String value) {
        String address = value.trim();
        String clientHost = null;
        int clientPort = 0;
        int semicolon = address.indexOf(';');
        if (semicolon >= 0) {
            String client = address.substring(semicolon + 1).trim();
            address = address.substring(0, semicolon).trim();
            int colon = client.lastIndexOf(':');
            clientHost = colon < 0 ? null : client.substring(0, colon);
            clientPort = number(client.substring(colon + 1), "client port");
        }
        String[] parts = address.split(":");
        if (parts.length < 3 || parts.length > 4 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not host:quorumPort:electionPort[:observer][;clientPort]");
        }
        boolean observer = false;
        if (parts.length == 4) {
            switch (parts[3]) {
                case "observer" -> observer = true;
                case "participant" -> observer = false;
                default -> throw new IllegalArgumentException("role '" + parts[3] + "' is neither participant nor observer");
            }
        }
        return new Member(id, parts[0], number(parts[1], "quorum port"), number(parts[2], "election port"), observer,
                clientHost, clientPort);
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
    }

    public InetSocketAddress quorumAddress() {
        return new InetSocketAddress(host, quorumPort);
    }

    /** The line's value again, as {@link #parse} reads it. */
    public String toConfigValue() {
        return host + ":" + quorumPort + ":" + electionPort + (observer ? ":observer" : "")
                + (clientPort == 0 ? "" : ";" + (clientHost == null ? "" : clientHost + ":") + clientPort);
    }
}
