package dev.minizk.replica;

import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.Role;

import java.util.Set;

/**
 * What a {@link Replica} tells the client-facing side of its server ({@link ZabSequencer}) and
 * asks of it. Zab carries the clients' traffic without looking at it: forwarded writes and
 * syncs, and in the learners' pings the sessions their clients touched.
 */
interface ClientSide {
    ClientSide NONE = new ClientSide() {
        @Override
        public void roleChanged(Role role) {
        }

        @Override
        public void onClientTraffic(int from, PeerMessage message) {
        }

        @Override
        public Set<Long> drainTouchedSessions() {
            return Set.of();
        }

        @Override
        public void touchSessions(int learner, Set<Long> sessions) {
        }
    };

    /** The server took a new role (before the role starts): whatever it served under the old one is over. */
    void roleChanged(Role role);

    /** A {@link PeerMessage.Request} or {@link PeerMessage.Sync}, from a learner or from the leader. */
    void onClientTraffic(int from, PeerMessage message);

    /** For a learner's ping: the sessions its clients touched since the last one. */
    Set<Long> drainTouchedSessions();

    /** At the leader: a learner's ping says its clients touched these sessions. */
    void touchSessions(int learner, Set<Long> sessions);
}
