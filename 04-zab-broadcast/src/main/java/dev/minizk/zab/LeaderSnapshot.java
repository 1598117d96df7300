package dev.minizk.zab;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Leader}'s state as a value ({@link dev.minizk.sim.Snapshottable}), for the search
 * tests to recognise a state two paths reach. Ticks are counted from the role's start, so they
 * appear only where they decide something: before the leader is established (the initLimit
 * count) and, per learner, as the ticks since it was last heard (the syncLimit count).
 *
 * @param electionRound   the round it was elected in
 * @param epoch           the new epoch, or -1 before discovery had a quorum
 * @param synchronizing   synchronization started
 * @param established     a quorum acked NEWLEADER
 * @param ticksUnestablished ticks since the role started while not established, else 0
 * @param learners        the connected learners, by id
 * @param connectedVoters discovery: each connected voter's accepted epoch
 * @param epochAckers     the voters that acked the epoch
 * @param newLeaderAckers the voters that acked NEWLEADER
 * @param outstanding     per outstanding proposal's zxid, the voters that acked it
 * @param pendingSyncs    the zxid each waiting sync waits for, oldest first
 */
public record LeaderSnapshot(long electionRound, long epoch, boolean synchronizing, boolean established, long ticksUnestablished,
                             Map<Integer, Handler> learners, Map<Integer, Long> connectedVoters, Set<Integer> epochAckers,
                             Set<Integer> newLeaderAckers, Map<Long, Set<Integer>> outstanding, List<Long> pendingSyncs) {

    public LeaderSnapshot {
        learners = Map.copyOf(learners);
        connectedVoters = Map.copyOf(connectedVoters);
        epochAckers = Set.copyOf(epochAckers);
        newLeaderAckers = Set.copyOf(newLeaderAckers);
        outstanding = Map.copyOf(outstanding);
        pendingSyncs = List.copyOf(pendingSyncs);
    }

    /**
     * The leader's side of one learner.
     *
     * @param phase             how far it got
     * @param observer          an observer (not a voter)
     * @param newLeaderAcked    it acked NEWLEADER
     * @param lastZxid          its last zxid, as its ACKEPOCH said
     * @param ticksSinceHeard   ticks since the leader last heard from it
     * @param expectedAcks      the zxids it owes an ACK for, oldest first
     */
    public record Handler(String phase, boolean observer, boolean newLeaderAcked, long lastZxid, long ticksSinceHeard,
                          List<Long> expectedAcks) {

        public Handler {
            expectedAcks = List.copyOf(expectedAcks);
        }

        static Handler of(LearnerHandler handler, long ticksNow) {
            return new Handler(handler.phase.name(), handler.observer, handler.newLeaderAcked, handler.lastZxid,
                    ticksNow - handler.lastHeardTick, List.copyOf(handler.expectedAcks));
        }
    }
}
