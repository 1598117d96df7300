package dev.minizk.zabcheck;

import java.util.Set;

/**
 * A leader became established in an epoch: a quorum (its {@code ackers}, the leader included)
 * acked its NEWLEADER, after which it may broadcast. {@code historyZxid} is the last zxid of the
 * history it synchronized its followers to (its initial history); everything it proposes in
 * {@code epoch} comes after it.
 */
public record Establishment(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
    public Establishment {
        ackers = Set.copyOf(ackers);
        if (epoch <= 0) {
            throw new IllegalArgumentException("an established epoch is positive, got " + epoch);
        }
        if (historyZxid < 0 || Zxids.epochOf(historyZxid) >= epoch) {
            throw new IllegalArgumentException("leader " + leader + " of epoch " + epoch
                    + ": its initial history must end before the epoch, got " + Zxids.format(historyZxid));
        }
    }
}
