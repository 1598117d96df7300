package dev.minizk.ensemble;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.ZabEvents;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a member's status page charts, counted from the events Zab already tells the world
 * ({@link ZabEvents}), so the protocol code stays as it is: txns applied, and on the leader the
 * time from each PROPOSAL to its COMMIT (the quorum round trip, fsyncs included). Every event
 * comes on the loop thread, and the status page reads on the loop thread too: no locks.
 * Every event is passed on to {@code next} (the role log).
 */
public final class ReplicaMetrics implements ZabEvents {
    /** Role changes kept for the page's timeline. */
    static final int ROLE_CHANGES_KEPT = 50;
    /**
     * Proposals timed at once. A leader holds at most its maxOutstandingProposals uncommitted, and
     * forgets them all when it stops leading; more than this is a leak, not load.
     */
    static final int MAX_TIMED_PROPOSALS = 100_000;

    /** A change of role, at its wall-clock time. */
    public record RoleChange(long time, String role, String why) {
    }

    /** The counters at one moment; rates are the page's differences of two of them. */
    public record Counters(long txnsApplied, long commits, double commitMillisTotal, double lastCommitMillis,
                           double maxCommitMillis) {
        public double averageCommitMillis() {
            return commits == 0 ? 0 : commitMillisTotal / commits;
        }
    }

    private final ZabEvents next;
    private final Map<Long, Long> proposedAtNanos = new HashMap<>();
    private final ArrayDeque<RoleChange> roleChanges = new ArrayDeque<>();
    private long txnsApplied;
    private long commits;
    private long commitNanosTotal;
    private long lastCommitNanos;
    private long maxCommitNanos;

    public ReplicaMetrics(ZabEvents next) {
        this.next = next;
    }

    public Counters counters() {
        return new Counters(txnsApplied, commits, commitNanosTotal / 1e6, lastCommitNanos / 1e6, maxCommitNanos / 1e6);
    }

    /** The last role changes, oldest first. */
    public List<RoleChange> roleChanges() {
        return List.copyOf(roleChanges);
    }

    @Override
    public void proposed(int leader, LoggedTxn txn) {
        if (proposedAtNanos.size() >= MAX_TIMED_PROPOSALS) {
            throw new IllegalStateException(MAX_TIMED_PROPOSALS + " proposals are waiting for a commit: they leak");
        }
        proposedAtNanos.put(txn.header().zxid(), System.nanoTime());
        next.proposed(leader, txn);
    }

    @Override
    public void committed(int leader, long zxid, Set<Integer> ackers) {
        Long proposedAt = proposedAtNanos.remove(zxid);
        if (proposedAt != null) { // null: proposed by an earlier leader, or before this one was timed
            long nanos = System.nanoTime() - proposedAt;
            commits++;
            commitNanosTotal += nanos;
            lastCommitNanos = nanos;
            maxCommitNanos = Math.max(maxCommitNanos, nanos);
        }
        next.committed(leader, zxid, ackers);
    }

    @Override
    public void delivered(int server, LoggedTxn txn) {
        txnsApplied++;
        next.delivered(server, txn);
    }

    @Override
    public void roleChanged(int server, String role, String why) {
        proposedAtNanos.clear(); // a former leader's proposals commit (or not) under the next one, untimed
        if (roleChanges.size() == ROLE_CHANGES_KEPT) {
            roleChanges.removeFirst();
        }
        roleChanges.addLast(new RoleChange(System.currentTimeMillis(), role, why));
        next.roleChanged(server, role, why);
    }

    @Override
    public void started(int server) {
        next.started(server);
    }

    @Override
    public void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
        next.established(epoch, leader, historyZxid, ackers);
    }

    @Override
    public void snapshotInstalled(int server, long zxid) {
        next.snapshotInstalled(server, zxid);
    }
}
