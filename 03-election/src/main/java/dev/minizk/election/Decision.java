package dev.minizk.election;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an election ended for one server.
 *
 * @param sid        the server that decided
 * @param state      LEADING, FOLLOWING or OBSERVING
 * @param vote       the leader it settled on
 * @param round      the round it decided in (for a server that joined an established
 *                   ensemble: the leader's round)
 * @param supporters the servers whose notifications made the quorum (this server included
 *                   when it votes and agreed)
 * @param joined     true if it joined an established leader rather than finishing an election
 */
public record Decision(int sid, PeerState state, Vote vote, long round, Set<Integer> supporters, boolean joined) {
    public Decision {
        supporters = Collections.unmodifiableSet(new TreeSet<>(supporters)); // sorted, so it prints the same in every run
    }
}
