package dev.minizk.debug;

import java.util.List;

/**
 * One server's state as the debugger's column shows it: the fields every protocol has
 * (role, epoch, zxid, round and vote), its log and sessions, and the rest as labelled lines.
 * Text throughout: the page shows it as it is, and zxids read as ZooKeeper prints them.
 *
 * @param id          the server
 * @param up          false while crashed
 * @param incarnation how many times it started (1 for the first run)
 * @param isolated    cut off from every other server
 * @param role        LOOKING, LEADING, FOLLOWING, "not started", "down"
 * @param epoch       its epoch(s)
 * @param zxid        its last zxid(s)
 * @param round       its election round (logical clock)
 * @param vote        the vote it proposes or decided on
 * @param log         its log, oldest first, one txn a line
 * @param sessions    the client sessions it knows
 * @param details     everything else that decides what it does next, "name: value" a line
 */
public record NodeState(int id, boolean up, int incarnation, boolean isolated, String role, String epoch, String zxid,
                        String round, String vote, List<String> log, List<String> sessions, List<String> details) {

    public NodeState {
        log = List.copyOf(log);
        sessions = List.copyOf(sessions);
        details = List.copyOf(details);
    }

    /** A server with nothing to show: crashed, or its start is still pending. */
    static NodeState blank(int id, boolean up, int incarnation, boolean isolated, String role) {
        return new NodeState(id, up, incarnation, isolated, role, "", "", "", "", List.of(), List.of(), List.of());
    }
}
