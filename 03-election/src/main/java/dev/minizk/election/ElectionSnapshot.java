package dev.minizk.election;

import java.util.Map;

/**
 * A {@link FastLeaderElection}'s state as a value ({@link dev.minizk.sim.Snapshottable}): what
 * the search tests compare to recognise a state reached by two paths. Every field that decides
 * what the server does next, times relative to its clock now, no timer ids.
 *
 * @param state           LOOKING or the decided state
 * @param round           the logical clock
 * @param proposal        the vote proposed (or decided on)
 * @param received        the votes of this round, by sender
 * @param outOfElection   the decided servers heard from, by sender
 * @param decision        the decision, or null while LOOKING
 * @param finalizing      the vote a pending FINALIZE timer would decide on, or null if none is pending
 * @param finalizingRound the round that timer belongs to
 * @param resendInterval  the current re-send interval, ms
 * @param sinceHeardMillis how long ago (on this server's clock) it last heard something
 * @param lastZxid        the last zxid it voted with
 * @param currentEpoch    the epoch it voted with
 */
public record ElectionSnapshot(PeerState state, long round, Vote proposal, Map<Integer, Notification> received,
                               Map<Integer, Notification> outOfElection, Decision decision, Vote finalizing,
                               long finalizingRound, long resendInterval, long sinceHeardMillis,
                               long lastZxid, long currentEpoch) {

    public ElectionSnapshot {
        received = Map.copyOf(received);
        outOfElection = Map.copyOf(outOfElection);
    }
}
