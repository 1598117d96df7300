package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;

/**
 * What a role may touch: the network, the clock, the server's history and its two epochs, and
 * the way out. The replica implements it; a role holds nothing else of the outside world.
 */
public interface ZabContext {

    int id();

    void send(int to, PeerMessage message);

    void trace(String what);

    QuorumVerifier verifier();

    ZabConfig config();

    History history();

    ZabEvents events();

    /** The last epoch this server promised to a leader (LEADERINFO); it never goes down. */
    long acceptedEpoch();

    void setAcceptedEpoch(long epoch);

    /** The epoch of the last leader this server synchronized with (NEWLEADER); it never goes down. */
    long currentEpoch();

    void setCurrentEpoch(long epoch);

    /**
     * This server acked (or, as leader, was established by) the NEWLEADER of {@code leader} in
     * {@code epoch}. Crashes if it saw another leader established in the same epoch: that is the
     * one thing epochs exist to prevent.
     */
    void noteEstablished(long epoch, int leader);

    /**
     * Runs {@code action} once everything this server logged so far is durable (at once while the
     * log is memory), unless {@code role} has ended by then: an ACK must not outlive the
     * connection it was meant for.
     */
    default void whenLogged(Role role, Runnable action) {
        history().whenDurable(action);
    }

    /** How the leader synchronizes a follower: always SNAP in stage 04; DIFF, TRUNC or SNAP from stage 05 on. */
    default SyncPlan.Policy syncPolicy() {
        return SyncPlan.SNAP_ALWAYS;
    }

    /** The role gives up (leader lost, quorum lost, older epoch, broken connection): look for a leader again. */
    void roleEnded(Role role, String why);
}
