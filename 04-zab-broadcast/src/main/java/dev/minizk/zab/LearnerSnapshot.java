package dev.minizk.zab;

import java.util.List;

/**
 * A {@link Learner}'s state as a value ({@link dev.minizk.sim.Snapshottable}), for the search
 * tests. Ticks appear only where they decide something: before serving (the initLimit count)
 * and, serving, as the ticks since the leader was last heard (the syncLimit count).
 *
 * @param role                FOLLOWING or OBSERVING
 * @param leader              the leader it follows
 * @param electionRound       the round it decided in
 * @param phase               how far it got on its way to serving
 * @param epoch               the leader's epoch, once accepted, else -1
 * @param snapInstalled       it installed the leader's snapshot
 * @param deliveredBeforeSync what it had delivered before the snapshot replaced it
 * @param ticksNotServing     ticks since the role started while not serving, else 0
 * @param ticksSinceHeard     ticks since it last heard the leader
 * @param held                the zxids of the PROPOSALs streamed during the sync, held until NEWLEADER
 * @param heldZxids           the zxids of every PROPOSAL streamed before NEWLEADER (acked with it)
 * @param newLeaderArrived    NEWLEADER arrived
 */
public record LearnerSnapshot(String role, int leader, long electionRound, String phase, long epoch, boolean snapInstalled,
                              long deliveredBeforeSync, long ticksNotServing, long ticksSinceHeard, List<Long> held,
                              List<Long> heldZxids, boolean newLeaderArrived) {

    public LearnerSnapshot {
        held = List.copyOf(held);
        heldZxids = List.copyOf(heldZxids);
    }
}
