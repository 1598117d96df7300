package dev.minizk.election;

/**
 * The one message of fast leader election, with the fields of ZooKeeper's notification (wire
 * version 2, less the config): the sender's state, the vote it currently proposes, and the
 * round it is in.
 *
 * @param state         the sender's state; LEADING/FOLLOWING senders report the vote they decided on
 * @param leader        the proposed leader ({@link Vote#leader})
 * @param zxid          the proposed leader's last zxid
 * @param electionEpoch the sender's logical clock: the round of the election it is in (or decided in)
 * @param peerEpoch     the proposed leader's epoch
 * @param sid           the sender's own server id
 */
public record Notification(PeerState state, int leader, long zxid, long electionEpoch, long peerEpoch, int sid) {

    public static Notification of(PeerState state, Vote vote, long electionEpoch, int sid) {
        return new Notification(state, vote.leader(), vote.zxid(), electionEpoch, vote.peerEpoch(), sid);
    }

    /** The vote this notification carries. */
    public Vote vote() {
        return new Vote(leader, zxid, peerEpoch);
    }

    @Override
    public String toString() {
        return state + " r" + electionEpoch + " " + vote() + " sid " + sid;
    }
}
