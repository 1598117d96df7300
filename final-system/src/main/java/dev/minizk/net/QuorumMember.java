package dev.minizk.net;

import java.util.Map;
import java.util.Optional;

/**
 * A server that is one member of an ensemble, as the four-letter words report it (a
 * {@link dev.minizk.server.ClientFacingServer} that is not standalone implements this too).
 * Called on the loop thread.
 */
public interface QuorumMember {

    /**
     * {@code leader}, {@code follower} or {@code observer} ({@code standalone} for a replica alone in
     * its quorum); null while it looks for a leader (it serves no one).
     */
    String mode();

    /** Whether it is a standalone server: a replica alone in its quorum, with no peers, that reports itself as ZooKeeper's standalone server does. */
    default boolean standalone() {
        return false;
    }

    /** {@code server} as a member of an ensemble; empty for a standalone server. */
    static Optional<QuorumMember> of(Object server) {
        return server instanceof QuorumMember member && !member.standalone() ? Optional.of(member) : Optional.empty();
    }

    /**
     * The ensemble's {@code mntr} lines, as ZooKeeper names them: {@code zk_peer_state},
     * {@code zk_quorum_size}, and on a leader {@code zk_learners}, {@code zk_synced_followers},
     * {@code zk_synced_non_voting_followers}, {@code zk_synced_observers}, and minizk's
     * {@code zk_outstanding_proposals}.
     */
    Map<String, Object> quorumMetrics();
}
