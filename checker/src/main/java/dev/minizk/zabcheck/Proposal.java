package dev.minizk.zabcheck;

import java.util.Objects;

/** A PROPOSAL a leader broadcast, in the order the run recorded them (the leader's send order). */
public record Proposal(long zxid, String txn, int leader) {
    public Proposal {
        Objects.requireNonNull(txn, "txn");
    }

    @Override
    public String toString() {
        return "leader " + leader + " proposed " + Zxids.format(zxid) + " " + txn;
    }
}
