package dev.minizk.status;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.fault.EnsembleDirectory;
import dev.minizk.ensemble.ReplicaDriver;
import dev.minizk.ensemble.ReplicaMetrics;
import dev.minizk.peer.PeerLinks;
import dev.minizk.recovery.DiskLog;
import dev.minizk.replica.Replica;
import dev.minizk.server.ClientFacingServer;
import dev.minizk.storage.FileStorage;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.Leader;
import dev.minizk.zab.LeaderSnapshot;
import dev.minizk.zab.Learner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Map<Integer, LeaderSnapshot.Handler> handlers = leader != null ? leader.snapshot().learners() : Map.of();
        Map<Integer, PeerLinks.PeerStats> links = driver.peers().stats();
        var connected = driver.peers().connected();
        long tickMillis = driver.config().tickTime();
        List<EnsembleView.MemberView> members = new ArrayList<>();
        for (int id : verifier.members()) {
            boolean self = id == me;
            PeerLinks.PeerStats stats = links.get(id);
            LeaderSnapshot.Handler handler = self ? null : handlers.get(id);
            Integer unacked = handler == null || verifier.isObserver(id) ? null : unacked(replica, leader, id);
            members.add(new EnsembleView.MemberView(id, verifier.isObserver(id), self, self || connected.contains(id),
                    handler == null ? null : handler.phase(), unacked,
                    handler == null ? null : handler.expectedAcks().size(),
                    handler == null || handler.expectedAcks().isEmpty() ? null : Hex.id(handler.expectedAcks().get(0)),
                    handler == null ? null : handler.ticksSinceHeard() * tickMillis,
                    stats == null ? 0 : stats.sent(), stats == null ? 0 : stats.received(), stats == null ? 0 : stats.dropped()));
        }
        String role = driver.mode() == null ? "looking" : driver.mode();
        return new EnsembleView(role, me, leaderId, replica.acceptedEpoch(), replica.currentEpoch(),
                Hex.id(replica.history().lastLoggedZxid()), Hex.id(replica.history().lastCommittedZxid()),
                leader == null ? 0 : leader.outstandingProposals(), members, disk(driver), System.currentTimeMillis(),
                throughput(driver.metrics().counters()),
                driver.metrics().roleChanges().stream().map(c -> new EnsembleView.RoleChangeView(c.time(), c.role(), c.why())).toList());
    }

    private static EnsembleView.DiskView disk(ReplicaDriver driver) {
        FileStorage.SyncStats sync = driver.storage().stats();
        DiskLog log = driver.persistence().log(); // null only before the node recovered
        long batches = log == null ? 0 : log.syncs();
        double txnsPerSync = batches == 0 ? 0 : (double) log.txnsSynced() / batches;
        return new EnsembleView.DiskView(sync.forces(), sync.averageMillis(), sync.lastMillis(), sync.maxMillis(), sync.syncsPerForce(),
                batches, txnsPerSync);
    }

    private static EnsembleView.ThroughputView throughput(ReplicaMetrics.Counters c) {
        return new EnsembleView.ThroughputView(c.txnsApplied(), c.commits(), c.commitMillisTotal(), c.averageCommitMillis(),
                c.lastCommitMillis(), c.maxCommitMillis());
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

    /** A member's id and its ensemble directory (if laid out as minizk ensemble lays it out); empty on a standalone server. */
    static Optional<EnsembleRoutes.Place> place(ClientFacingServer server) {
        if (!(server instanceof ReplicaDriver driver) || driver.standalone()) {
            return Optional.empty();
        }
        int id = driver.node().replica().id();
        Path dataDir = driver.storage().directory().getParent(); // the files are in dataDir/minizk
        return Optional.of(new EnsembleRoutes.Place(id, EnsembleDirectory.ofMember(dataDir, id)));
    }

    private static ReplicaDriver member(ClientFacingServer server) {
        if (!(server instanceof ReplicaDriver driver) || driver.standalone()) {
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
