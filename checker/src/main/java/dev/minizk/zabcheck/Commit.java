package dev.minizk.zabcheck;

import java.util.Set;

/** A leader sent COMMIT for {@code zxid} having counted these ACKs (its own included). */
public record Commit(long zxid, int leader, Set<Integer> ackers) {
    public Commit {
        ackers = Set.copyOf(ackers);
    }
}
