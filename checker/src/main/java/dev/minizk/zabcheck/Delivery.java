package dev.minizk.zabcheck;

import java.util.Objects;

/**
 * One txn a server delivered (applied to its tree as committed): its zxid and its identity, any
 * text that is equal for the same txn on every server and different for different txns (for
 * example {@code "setData /a v3 by 0x1:7"}, or a digest of the txn's bytes).
 */
public record Delivery(long zxid, String txn) {
    public Delivery {
        Objects.requireNonNull(txn, "txn");
        if (zxid <= 0) {
            throw new IllegalArgumentException("a delivered txn has a positive zxid, got " + zxid);
        }
    }

    @Override
    public String toString() {
        return Zxids.format(zxid) + " " + txn;
    }
}
