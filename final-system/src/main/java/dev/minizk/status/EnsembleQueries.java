package dev.minizk.status;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.ensemble.ReplicaDriver;
import dev.minizk.peer.PeerLinks;
import dev.minizk.replica.Replica;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.storage.FileStorage;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The ensemble view of a member ({@code GET /api/ensemble}); runs on the loop thread like {@link StatusQueries}. */
final class EnsembleQueries {
    private EnsembleQueries() {
    }

    static EnsembleView ensemble(ClientFacingServer server) {
        ReplicaDriver driver = member(server);
        Replica replica = driver.node().replica();
        QuorumVerifier verifier = replica.verifier();
        int me = replica.id();
        Leader leader = replica.leader().orElse(null);
        int leaderId = leader != null ? me : replica.role() instanceof Learner learner ? learner.leader() : 0;
        Map<Integer, String> learners = leader != null ? leader.learners() : Map.of();
        Map<Integer, PeerLinks.PeerStats> links = driver.peers().stats();
        var connected = driver.peers().connected();
        List<EnsembleView.MemberView> members = new ArrayList<>();
        for (int id : verifier.members()) {
            boolean self = id == me;
            PeerLinks.PeerStats stats = links.get(id);
            String phase = leader == null || self ? null : learners.get(id);
            Integer unacked = leader == null || self || verifier.isObserver(id) || phase == null ? null : unacked(replica, leader, id);
            members.add(new EnsembleView.MemberView(id, verifier.isObserver(id), self, self || connected.contains(id), phase, unacked,
                    stats == null ? 0 : stats.sent(), stats == null ? 0 : stats.received(), stats == null ? 0 : stats.dropped()));
        }
        FileStorage.SyncStats sync = driver.storage().stats();
        String role = driver.mode() == null ? "looking" : driver.mode();
        return new EnsembleView(role, me, leaderId, replica.acceptedEpoch(), replica.currentEpoch(),
                Hex.id(replica.history().lastLoggedZxid()), Hex.id(replica.history().lastCommittedZxid()),
                leader == null ? 0 : leader.outstandingProposals(), members,
                new EnsembleView.DiskView(sync.forces(), sync.averageMillis(), sync.lastMillis(), sync.maxMillis(), sync.syncsPerForce()));
    }

    /** Cuts this member's links to {@code peers} until {@link #heal}: one side of a partition. Answers the peers cut now. */
    static Set<Integer> cut(ClientFacingServer server, Set<Integer> peers) {
        ReplicaDriver driver = member(server);
        for (int id : peers) {
            if (!driver.node().replica().verifier().isMember(id) || id == driver.node().replica().id()) {
                throw new ApiException(400, "peers", "server " + id + " is not another member of this ensemble");
            }
        }
        driver.peers().cut(peers);
        return driver.peers().cutPeers();
    }

    /** Heals every cut link of this member. Answers the peers cut now (none). */
    static Set<Integer> heal(ClientFacingServer server) {
        ReplicaDriver driver = member(server);
        driver.peers().heal();
        return driver.peers().cutPeers();
    }

    private static ReplicaDriver member(ClientFacingServer server) {
        if (!(server instanceof ReplicaDriver driver)) {
            throw new ApiException(404, null, "a standalone server has no ensemble");
        }
        return driver;
    }

    /** The leader's outstanding proposals that follower {@code id} has not acked: how far its log trails. */
    private static int unacked(Replica replica, Leader leader, int id) {
        int count = 0;
        for (LoggedTxn txn : replica.history().uncommitted()) {
            long zxid = txn.header().zxid();
            if (!leader.ackersOf(zxid).contains(id)) {
                count++;
            }
        }
        return count;
    }
}
