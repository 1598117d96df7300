package dev.minizk.election;

import dev.minizk.txn.Zxid;

import java.util.function.LongSupplier;

/**
 * What a server brings to an election.
 *
 * <p>The last zxid and the epoch are read when the server starts looking ({@link
 * FastLeaderElection#lookForLeader}), not fixed here: a server that looks again after it has
 * followed a leader for a while votes with what its log holds then. In stage 03 nothing
 * changes them, so tests pass plain numbers ({@link #of(QuorumVerifier, long, long)}); stage 04
 * passes its log's live values.
 *
 * @param verifier                 the ensemble: voters and observers
 * @param lastZxid                 the zxid of the last txn in this server's log, read at each round's start
 * @param currentEpoch             the epoch this server last accepted a leader for, read at each round's start
 * @param finalizeWait             ms to wait, once a quorum agrees, for a better vote ({@code finalizeWait}, 200)
 * @param minNotificationInterval  first re-send interval ({@code zookeeper.fastleader.minNotificationInterval}, 200)
 * @param maxNotificationInterval  the interval doubles up to this ({@code maxNotificationInterval}, 60 000)
 */
public record ElectionConfig(QuorumVerifier verifier, LongSupplier lastZxid, LongSupplier currentEpoch,
                             long finalizeWait, long minNotificationInterval, long maxNotificationInterval) {

    public static final long FINALIZE_WAIT = 200;
    public static final long MIN_NOTIFICATION_INTERVAL = 200;
    public static final long MAX_NOTIFICATION_INTERVAL = 60_000;

    public ElectionConfig {
        if (verifier == null || lastZxid == null || currentEpoch == null) {
            throw new IllegalArgumentException("verifier, lastZxid and currentEpoch must not be null");
        }
        if (finalizeWait < 0 || minNotificationInterval <= 0 || maxNotificationInterval < minNotificationInterval) {
            throw new IllegalArgumentException("bad election timing: finalizeWait " + finalizeWait
                    + ", notification interval " + minNotificationInterval + ".." + maxNotificationInterval);
        }
    }

    /** ZooKeeper's timings, with the server's live last zxid and epoch. */
    public static ElectionConfig of(QuorumVerifier verifier, LongSupplier lastZxid, LongSupplier currentEpoch) {
        return new ElectionConfig(verifier, lastZxid, currentEpoch, FINALIZE_WAIT, MIN_NOTIFICATION_INTERVAL, MAX_NOTIFICATION_INTERVAL);
    }

    /** ZooKeeper's timings, for a server whose log and epoch do not change. */
    public static ElectionConfig of(QuorumVerifier verifier, long lastZxid, long currentEpoch) {
        return of(verifier, () -> lastZxid, () -> currentEpoch);
    }

    /** A server whose log ends at {@code lastZxid}, in the epoch of that zxid. */
    public static ElectionConfig of(QuorumVerifier verifier, long lastZxid) {
        return of(verifier, lastZxid, Zxid.epochOf(lastZxid));
    }
}
