package dev.minizk.recipes;

import java.util.ArrayList;
import java.util.List;

/**
 * The storage service of "How to do distributed locking": it remembers the highest fencing
 * token it accepted and refuses any write with a lower one. A holder whose session expired while
 * it was paused still believes it holds the lock; only the token stops its write.
 */
final class FencedResource {
    record Write(String writer, long token, boolean accepted, long atMillis) {
    }

    private long highestToken = Long.MIN_VALUE;
    private final List<Write> writes = new ArrayList<>();

    boolean write(String writer, long token, long nowMillis) {
        boolean accepted = token >= highestToken;
        if (accepted) {
            highestToken = token;
        }
        writes.add(new Write(writer, token, accepted, nowMillis));
        return accepted;
    }

    List<Write> writes() {
        return writes;
    }

    long rejected() {
        return writes.stream().filter(w -> !w.accepted()).count();
    }
}
