package dev.minizk.zab;

import dev.minizk.election.Notification;
import dev.minizk.server.WriteRequest;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.util.Set;

/**
 * Everything one server of the ensemble sends another: the election's notifications and Zab's
 * packets, under ZooKeeper's names ({@code Leader.FOLLOWERINFO}, {@code Leader.PROPOSAL}, …).
 * A replica handles the family exhaustively: a new kind of message is a compile error wherever
 * it is not handled yet.
 *
 * <p>Zab runs over a leader–learner connection that behaves like TCP: in order, and a message
 * lost means the connection is broken. The simulator's links keep order but lose what a
 * partition catches in flight without telling anyone, so the roles check every message's place
 * in the sequence (a proposal skipped, an ack missing) and treat a gap as a broken connection.
 */
public sealed interface PeerMessage {

    /** A fast-leader-election notification (stage 03), carried on the same links. */
    record Election(Notification notification) implements PeerMessage {
        @Override
        public String toString() {
            return "VOTE " + notification;
        }
    }

    /**
     * A follower connects to the leader it elected: the epoch it last accepted and its last logged
     * zxid. {@code electionRound} is the round in which it decided for this leader: the
     * simulator's stand-in for a TCP connection to one reign of the leader. In ZooKeeper a leader
     * that steps down closes its sockets, so a follower still connecting to it fails; here the
     * leader ignores a FOLLOWERINFO meant for an earlier decision (its own round differs).
     */
    record FollowerInfo(long acceptedEpoch, long lastZxid, long electionRound) implements PeerMessage {
        @Override
        public String toString() {
            return "FOLLOWERINFO accepted e" + acceptedEpoch + " last " + Zxid.format(lastZxid) + " (round " + electionRound + ")";
        }
    }

    /** An observer connects to the leader: same content, but it never counts in a quorum. */
    record ObserverInfo(long acceptedEpoch, long lastZxid, long electionRound) implements PeerMessage {
        @Override
        public String toString() {
            return "OBSERVERINFO accepted e" + acceptedEpoch + " last " + Zxid.format(lastZxid) + " (round " + electionRound + ")";
        }
    }

    /** The leader proposes its new epoch, above every epoch a quorum of followers accepted. */
    record LeaderInfo(long newEpoch) implements PeerMessage {
        @Override
        public String toString() {
            return "LEADERINFO e" + newEpoch;
        }
    }

    /**
     * A learner accepted the new epoch; it sends the epoch of the last leader it followed to the
     * end and its last logged zxid, so the leader can tell whether a follower is ahead of it.
     * {@code currentEpoch == -1} means "I accepted this epoch already (from some leader), I
     * cannot accept it again": ZooKeeper's answer that keeps two leaders out of one epoch. The
     * leader does not count such an ack.
     */
    record AckEpoch(long currentEpoch, long lastZxid) implements PeerMessage {
        public static final long ALREADY_ACCEPTED = -1;

        @Override
        public String toString() {
            return "ACKEPOCH " + (currentEpoch == ALREADY_ACCEPTED ? "(already accepted)" : "current e" + currentEpoch)
                    + " last " + Zxid.format(lastZxid);
        }
    }

    /**
     * The leader's whole committed state (its {@link ReplicatedState#snapshot}: in the course,
     * the tree in stage 01's {@code TreeSnapshot} format and the session table), as of {@code zxid}. In this stage every synchronization is a SNAP; stage 05 adds DIFF and TRUNC.
     */
    record Snap(byte[] snapshot, long zxid) implements PeerMessage {
        @Override
        public String toString() {
            return "SNAP " + Zxid.format(zxid) + " (" + snapshot.length + " bytes)";
        }
    }

    /**
     * Synchronization without a snapshot: the learner's history up to {@code zxid} is a prefix
     * of the leader's, so it keeps it; the txns after it follow as PROPOSALs (and COMMITs).
     */
    record Diff(long zxid) implements PeerMessage {
        @Override
        public String toString() {
            return "DIFF " + Zxid.format(zxid);
        }
    }

    /**
     * Synchronization after dropping the learner's logged txns above {@code zxid}, which the
     * leader never had (nobody committed them); then as {@link Diff} from {@code zxid}.
     */
    record Trunc(long zxid) implements PeerMessage {
        @Override
        public String toString() {
            return "TRUNC " + Zxid.format(zxid);
        }
    }

    /**
     * End of synchronization: the learner now holds the leader's history. Its {@code zxid} is
     * the new epoch's zxid 0; the learner takes the epoch as its current epoch and ACKs.
     */
    record NewLeader(long zxid) implements PeerMessage {
        public long epoch() {
            return Zxid.epochOf(zxid);
        }

        @Override
        public String toString() {
            return "NEWLEADER e" + epoch();
        }
    }

    /** A learner logged the proposal (or accepted the NEWLEADER) with this zxid. */
    record Ack(long zxid) implements PeerMessage {
        @Override
        public String toString() {
            return "ACK " + Zxid.format(zxid);
        }
    }

    /**
     * A quorum acked NEWLEADER: the leader is established and its history up to
     * {@code committedZxid} is committed; the learner applies it and starts serving.
     * (ZooKeeper's UPTODATE carries nothing; the zxid here lets the learner commit exactly the
     * synchronized history, and check it.)
     */
    record UpToDate(long committedZxid) implements PeerMessage {
        @Override
        public String toString() {
            return "UPTODATE " + Zxid.format(committedZxid);
        }
    }

    /** The leader proposes a txn; a follower logs it and acks. */
    record Proposal(LoggedTxn txn) implements PeerMessage {
        public long zxid() {
            return txn.header().zxid();
        }

        @Override
        public String toString() {
            return "PROPOSAL " + Zxid.format(zxid()) + " " + txn.txn().getClass().getSimpleName()
                    + (txn.txn().path() == null ? "" : " " + txn.txn().path());
        }
    }

    /** A quorum acked the proposal with this zxid (and every one before it): deliver it. */
    record Commit(long zxid) implements PeerMessage {
        @Override
        public String toString() {
            return "COMMIT " + Zxid.format(zxid);
        }
    }

    /** A committed txn, sent whole to observers, which saw no proposal. */
    record Inform(LoggedTxn txn) implements PeerMessage {
        public long zxid() {
            return txn.header().zxid();
        }

        @Override
        public String toString() {
            return "INFORM " + Zxid.format(zxid());
        }
    }

    /**
     * Heartbeat. From the leader: its last proposed and last committed zxid (a learner that
     * holds less lost something on the way: its connection is broken). From a learner, the
     * answer: its last logged and last committed zxid (a follower that logged more than it
     * acked lost an ACK on the way), and the sessions its clients touched since its last ping
     * (ZooKeeper's touch table): only the leader expires sessions, so it must hear of every
     * client that is alive on another server.
     */
    record Ping(long lastZxid, long committedZxid, Set<Long> sessions) implements PeerMessage {
        public Ping {
            sessions = Set.copyOf(sessions);
        }

        public Ping(long lastZxid, long committedZxid) {
            this(lastZxid, committedZxid, Set.of());
        }

        /** The same ping carrying the sessions a learner's clients touched. */
        public Ping withSessions(Set<Long> touched) {
            return new Ping(lastZxid, committedZxid, touched);
        }

        @Override
        public String toString() {
            return "PING last " + Zxid.format(lastZxid) + " committed " + Zxid.format(committedZxid)
                    + (sessions.isEmpty() ? "" : " touching " + sessions.size() + " sessions");
        }
    }

    /**
     * A learner forwards a write of one of its clients to the leader (ZooKeeper's
     * {@code Leader.REQUEST}): session, cxid, request and the caller's identities, everything
     * prep needs. The learner answers its client when the txn comes back committed.
     */
    record Request(WriteRequest write) implements PeerMessage {
        @Override
        public String toString() {
            return "REQUEST session 0x" + Long.toHexString(write.sessionId()) + " cxid " + write.cxid() + " "
                    + write.request().getClass().getSimpleName();
        }
    }

    /**
     * A client's {@code sync} (ZooKeeper's {@code Leader.SYNC}), both ways: a learner asks, and
     * the leader sends it back once every proposal it issued before is committed. The leader's
     * COMMITs travel ahead of it on the same connection, so when the learner reads the answer it
     * has applied them all, and its client's next read sees them.
     */
    record Sync(long sessionId, int cxid) implements PeerMessage {
        @Override
        public String toString() {
            return "SYNC session 0x" + Long.toHexString(sessionId) + " cxid " + cxid;
        }
    }
}
