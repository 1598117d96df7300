package dev.minizk.election;

/**
 * What a server brings to an election.
 *
 * @param verifier                 the ensemble: voters and observers
 * @param lastZxid                 the zxid of the last txn in this server's log
 * @param currentEpoch             the epoch this server last accepted a leader for
 * @param finalizeWait             ms to wait, once a quorum agrees, for a better vote ({@code finalizeWait}, 200)
 * @param minNotificationInterval  first re-send interval ({@code zookeeper.fastleader.minNotificationInterval}, 200)
 * @param maxNotificationInterval  the interval doubles up to this ({@code maxNotificationInterval}, 60 000)
 */
public record ElectionConfig(QuorumVerifier verifier, long lastZxid, long currentEpoch,
                             long finalizeWait, long minNotificationInterval, long maxNotificationInterval) {

    public static final long FINALIZE_WAIT = 200;
    public static final long MIN_NOTIFICATION_INTERVAL = 200;
    public static final long MAX_NOTIFICATION_INTERVAL = 60_000;

    public ElectionConfig {
        if (finalizeWait < 0 || minNotificationInterval <= 0 || maxNotificationInterval < minNotificationInterval) {
            throw new IllegalArgumentException("bad election timing: finalizeWait " + finalizeWait
                    + ", notification interval " + minNotificationInterval + ".." + maxNotificationInterval);
        }
    }

    /** ZooKeeper's timings. */
    public static ElectionConfig of(QuorumVerifier verifier, long lastZxid, long currentEpoch) {
        return new ElectionConfig(verifier, lastZxid, currentEpoch, FINALIZE_WAIT, MIN_NOTIFICATION_INTERVAL, MAX_NOTIFICATION_INTERVAL);
    }

    /** A server whose log ends at {@code lastZxid}, in the epoch of that zxid. */
    public static ElectionConfig of(QuorumVerifier verifier, long lastZxid) {
        return of(verifier, lastZxid, Zxid.epochOf(lastZxid));
    }
}
