package dev.minizk.election;

import dev.minizk.txn.Zxid;

/**
 * A vote: which server should lead, and the two facts that make it a good choice, the epoch it
 * last accepted ({@code peerEpoch}) and the zxid of the last txn in its log. Servers compare
 * votes with {@link #beats}: never wall-clock time, never who asked first.
 *
 * @param leader    the proposed leader's server id
 * @param zxid      the proposed leader's last logged zxid
 * @param peerEpoch the proposed leader's current epoch
 */
public record Vote(int leader, long zxid, long peerEpoch) {

    /**
     * What a non-voting member (an observer) proposes: it loses to every real vote, so the
     * member follows whatever the voters decide and can never be chosen itself.
     */
    public static final Vote NONE = new Vote(Integer.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

    /**
     * ZooKeeper's {@code totalOrderPredicate}: is this vote strictly better than {@code other}?
     *
     * <p>Hint (03.1): compare the epochs first; only when they are equal compare the zxids;
     * only when both are equal, the higher server id wins. A vote never beats itself, and
     * every vote of a real server beats {@link #NONE}. Compare with {@code Long.compare}
     * rather than subtraction (which overflows for {@code NONE}).
     */
    public boolean beats(Vote other) {
        // BEGIN SOLUTION 03.1
        if (peerEpoch != other.peerEpoch) {
            return peerEpoch > other.peerEpoch;
        }
        if (zxid != other.zxid) {
            return zxid > other.zxid;
        }
        return leader > other.leader;
        // END SOLUTION
    }

    /** The better of two votes (this one when they are equal). */
    public Vote max(Vote other) {
        return other.beats(this) ? other : this;
    }

    @Override
    public String toString() {
        return this.equals(NONE) ? "(none)" : "(" + leader + ", " + Zxid.format(zxid) + ", e" + peerEpoch + ")";
    }
}
