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
 */
public record EnsembleView(String role, int serverId, int leader, long acceptedEpoch, long currentEpoch,
                           String lastLoggedZxid, String lastCommittedZxid, int outstandingProposals,
                           List<MemberView> members, DiskView disk) {

    /**
     * One member as this server sees it.
     *
     * @param linked          a TCP link to it is up (always true for this server itself)
     * @param phase           on the leader: the learner's phase (CONNECTED .. SERVING), or null when not connected to it
     * @param unackedProposals on the leader: outstanding proposals this follower has not acked yet (its commit lag), else null
     */
    public record MemberView(int id, boolean observer, boolean self, boolean linked, String phase, Integer unackedProposals,
                             long messagesSent, long messagesReceived, long messagesDropped) {
    }

    /**
     * @param fsyncs        forces of the log since start
     * @param syncsPerFsync sync requests one force covered, on average (group commit: above 1 under load)
     */
    public record DiskView(long fsyncs, double averageFsyncMillis, double lastFsyncMillis, double maxFsyncMillis,
                           double syncsPerFsync) {
    }
}
