package dev.minizk.status;

import java.util.List;

/**
 * An ensemble member as its status page shows it: its place in Zab, its links, its disk.
 *
 * @param role                 leader, follower, observer or looking
 * @param leader               the leader it serves under (itself when it leads), or 0 while it looks
 * @param acceptedEpoch        the epoch it last accepted (written down before use)
 * @param currentEpoch         the epoch of the last leader it followed to the end
 * @param lastLoggedZxid       the last txn in its log (hex)
 * @param lastCommittedZxid    the last txn it knows committed (hex)
 * @param outstandingProposals proposals the leader sent and a quorum has not acked yet (leader only, else 0)
 * @param members              every member, this one included
 * @param disk                 its fsyncs
 * @param time                 when these figures were read (ms since the epoch): the page's rates divide by its steps
 * @param throughput           txns applied and commit latency so far (the page charts their differences)
 * @param roleChanges          its last changes of role, oldest first (the page's timeline)
 */
public record EnsembleView(String role, int serverId, int leader, long acceptedEpoch, long currentEpoch,
                           String lastLoggedZxid, String lastCommittedZxid, int outstandingProposals,
                           List<MemberView> members, DiskView disk, long time, ThroughputView throughput,
                           List<RoleChangeView> roleChanges) {

    /**
     * One member as this server sees it.
     *
     * @param linked          a TCP link to it is up (always true for this server itself)
     * @param phase           on the leader: the learner's phase (CONNECTED .. SERVING), or null when not connected to it
     * @param unackedProposals on the leader: outstanding proposals this follower has not acked yet (its commit lag), else null
     * @param owedAcks        on the leader: the PROPOSALs (and NEWLEADER) sent to this learner that it has not acked, else null
     * @param oldestOwedZxid  on the leader: the oldest of those (hex), else null
     * @param millisSinceHeard on the leader: how long ago this learner was last heard from (in whole ticks), else null
     */
    public record MemberView(int id, boolean observer, boolean self, boolean linked, String phase, Integer unackedProposals,
                             Integer owedAcks, String oldestOwedZxid, Long millisSinceHeard,
                             long messagesSent, long messagesReceived, long messagesDropped) {
    }

    /**
     * @param txnsApplied       txns this server applied since it started (writes, session txns included)
     * @param commits           proposals this server committed as leader, timed from PROPOSAL to COMMIT
     * @param commitMillisTotal their latencies added up (the page divides its differences)
     */
    public record ThroughputView(long txnsApplied, long commits, double commitMillisTotal, double averageCommitMillis,
                                 double lastCommitMillis, double maxCommitMillis) {
    }

    /** A change of role: LEADING, FOLLOWING, OBSERVING or LOOKING, and why the last one ended. */
    public record RoleChangeView(long time, String role, String why) {
    }

    /**
     * @param fsyncs        forces of the log since start
     * @param syncsPerFsync sync requests one force covered, on average (group commit: above 1 under load)
     * @param logSyncs      batches the log synced (each waits for one fsync of each file it wrote)
     * @param txnsPerSync   txns per log sync batch, on average (group commit: above 1 under load)
     */
    public record DiskView(long fsyncs, double averageFsyncMillis, double lastFsyncMillis, double maxFsyncMillis,
                           double syncsPerFsync, long logSyncs, double txnsPerSync) {
    }
}
