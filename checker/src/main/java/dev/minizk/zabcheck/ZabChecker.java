package dev.minizk.zabcheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks Zab's properties (zk-reference §3.6) over one recorded run. Every check is a pass over
 * the records, so a run of thousands of txns checks in well under a millisecond per thousand.
 * Zxids are the order: a correct server delivers in increasing zxid order, so "a before b"
 * means "a has the lower zxid", and a log that is not increasing is itself a violation.
 */
public final class ZabChecker {
    private final ZabRun run;
    private final List<ZabViolation> violations = new ArrayList<>();
    /** Every txn delivered anywhere, by zxid (the first identity seen for it). */
    private final TreeMap<Long, Delivery> delivered = new TreeMap<>();

    private ZabChecker(ZabRun run) {
        this.run = run;
    }

    public static ZabReport check(ZabRun run) {
        ZabChecker checker = new ZabChecker(run);
        checker.checkAll();
        return new ZabReport(checker.violations, run.logs().size(), checker.delivered.size());
    }

    private void checkAll() {
        Map<Long, Establishment> leaders = checkLeadership();
        Map<Long, Proposal> proposals = checkProposals(leaders);
        checkCommits();
        for (ServerLog log : run.logs()) {
            checkLogOrder(log);
        }
        checkSameTxnEverywhere();
        checkIntegrity(proposals);
        checkDeliveredWereCommitted();
        for (ServerLog log : run.logs()) {
            checkNoGaps(log);
            checkLocalPrimaryOrder(log);
        }
        checkPrimaryIntegrity();
    }

    private void report(ZabProperty property, String what, String... evidence) {
        violations.add(new ZabViolation(property, what, List.of(evidence)));
    }

    /** One leader per epoch, each established by a quorum; returns the leader of each epoch. */
    private Map<Long, Establishment> checkLeadership() {
        Map<Long, Establishment> byEpoch = new TreeMap<>();
        for (Establishment e : run.establishments()) {
            if (!run.quorum().containsQuorum(e.ackers())) {
                report(ZabProperty.ESTABLISHED_BY_QUORUM,
                        "leader " + e.leader() + " was established in epoch " + e.epoch() + " without a quorum",
                        "NEWLEADER acked by " + new TreeSet<>(e.ackers()));
            }
            Establishment first = byEpoch.putIfAbsent(e.epoch(), e);
            if (first != null && first.leader() != e.leader()) {
                report(ZabProperty.ONE_LEADER_PER_EPOCH,
                        "two leaders were established in epoch " + e.epoch(),
                        "leader " + first.leader() + " established, NEWLEADER acked by " + new TreeSet<>(first.ackers()),
                        "leader " + e.leader() + " established, NEWLEADER acked by " + new TreeSet<>(e.ackers()));
            }
        }
        return byEpoch;
    }

    /** Proposals come from their epoch's leader, in increasing zxid order per leader. */
    private Map<Long, Proposal> checkProposals(Map<Long, Establishment> leaders) {
        Map<Long, Proposal> byZxid = new HashMap<>();
        Map<Long, Proposal> lastByEpoch = new HashMap<>();
        for (Proposal p : run.proposals()) {
            long epoch = Zxids.epochOf(p.zxid());
            Establishment leader = leaders.get(epoch);
            if (leader == null || leader.leader() != p.leader()) {
                report(ZabProperty.INTEGRITY,
                        "server " + p.leader() + " proposed in epoch " + epoch + " without being its established leader",
                        p.toString(),
                        leader == null ? "no leader was established in epoch " + epoch
                                : "the established leader of epoch " + epoch + " is " + leader.leader());
            }
            Proposal same = byZxid.putIfAbsent(p.zxid(), p);
            if (same != null && !same.txn().equals(p.txn())) {
                report(ZabProperty.INTEGRITY, "two different txns were proposed as " + Zxids.format(p.zxid()),
                        same.toString(), p.toString());
            }
            Proposal previous = lastByEpoch.put(epoch, p);
            if (same == null && previous != null && previous.zxid() > p.zxid()) {
                report(ZabProperty.LOCAL_PRIMARY_ORDER, "leader " + p.leader() + " proposed out of zxid order",
                        previous.toString(), p + "   (sent after the line above)");
            }
        }
        return byZxid;
    }

    private void checkCommits() {
        for (Commit c : run.commits()) {
            if (!run.quorum().containsQuorum(c.ackers())) {
                report(ZabProperty.QUORUM_COMMIT,
                        "leader " + c.leader() + " committed " + Zxids.format(c.zxid()) + " without a quorum of acks",
                        "COMMIT " + Zxids.format(c.zxid()) + " after acks from " + new TreeSet<>(c.ackers()));
            }
        }
    }

    /** Each log increases strictly; a step back to an older epoch is the global primary order. */
    private void checkLogOrder(ServerLog log) {
        Delivery previous = null;
        for (Delivery d : log.delivered()) {
            if (!log.covers(d.zxid())) {
                report(ZabProperty.TOTAL_ORDER, log.server() + " delivered a txn its snapshot already held",
                        log.server() + " received a snapshot at " + Zxids.format(log.snapshotZxid()),
                        log.server() + " then delivered " + d);
            } else if (previous != null && previous.zxid() >= d.zxid()) {
                boolean olderEpoch = Zxids.epochOf(d.zxid()) < Zxids.epochOf(previous.zxid());
                String what = previous.zxid() == d.zxid() ? log.server() + " delivered " + Zxids.format(d.zxid()) + " twice"
                        : log.server() + " delivered " + Zxids.format(d.zxid()) + " after " + Zxids.format(previous.zxid())
                          + (olderEpoch ? " (an older epoch after a newer one)" : "");
                report(olderEpoch ? ZabProperty.GLOBAL_PRIMARY_ORDER : ZabProperty.TOTAL_ORDER, what,
                        log.server() + " delivered " + previous, log.server() + " then delivered " + d);
            }
            previous = d;
            delivered.putIfAbsent(d.zxid(), d);
        }
    }

    /** A zxid names one txn: every server that delivered it delivered the same txn. */
    private void checkSameTxnEverywhere() {
        Set<Long> reported = new HashSet<>();
        for (ServerLog log : run.logs()) {
            for (Delivery d : log.delivered()) {
                Delivery first = delivered.get(d.zxid());
                if (!first.txn().equals(d.txn()) && reported.add(d.zxid())) {
                    report(ZabProperty.AGREEMENT, "servers delivered different txns as " + Zxids.format(d.zxid()),
                            firstDeliverer(first) + " delivered " + first, log.server() + " delivered " + d);
                }
            }
        }
    }

    private void checkIntegrity(Map<Long, Proposal> proposals) {
        for (Delivery d : delivered.values()) {
            Proposal p = proposals.get(d.zxid());
            if (p == null) {
                report(ZabProperty.INTEGRITY, "a delivered txn was never proposed",
                        firstDeliverer(d) + " delivered " + d, "no PROPOSAL carries " + Zxids.format(d.zxid()));
            } else if (!p.txn().equals(d.txn())) {
                report(ZabProperty.INTEGRITY, "a server delivered a different txn than the one proposed",
                        p.toString(), firstDeliverer(d) + " delivered " + d);
            }
        }
    }

    /**
     * A delivered txn was committed: a COMMIT for it exists (its quorum is checked apart), or it
     * belongs to the initial history of a later established leader, which a quorum acked with
     * NEWLEADER.
     */
    private void checkDeliveredWereCommitted() {
        Set<Long> committed = new HashSet<>();
        for (Commit c : run.commits()) {
            committed.add(c.zxid());
        }
        for (Delivery d : delivered.values()) {
            boolean inLaterHistory = run.establishments().stream()
                    .anyMatch(e -> e.epoch() > Zxids.epochOf(d.zxid()) && e.historyZxid() >= d.zxid());
            if (!committed.contains(d.zxid()) && !inLaterHistory) {
                report(ZabProperty.QUORUM_COMMIT, "a txn was delivered but never committed",
                        firstDeliverer(d) + " delivered " + d,
                        "no COMMIT for " + Zxids.format(d.zxid()) + ", and no later leader's initial history holds it");
            }
        }
    }

    /**
     * Up to its last delivery a log holds every txn anyone delivered (above its snapshot). A hole
     * breaks total order when another server delivered the missing txn and a later one this log
     * has; otherwise the two servers simply disagree (agreement).
     */
    private void checkNoGaps(ServerLog log) {
        if (log.delivered().isEmpty()) {
            return;
        }
        Set<Long> mine = zxidsOf(log);
        long last = log.delivered().get(log.delivered().size() - 1).zxid();
        for (Delivery missing : delivered.subMap(log.snapshotZxid(), false, last, false).values()) {
            if (mine.contains(missing.zxid())) {
                continue;
            }
            ServerLog other = firstLogWith(missing.zxid());
            Long later = laterSharedZxid(other, mine, missing.zxid());
            if (later != null) {
                report(ZabProperty.TOTAL_ORDER, log.server() + " skipped a txn that " + other.server() + " delivered before a later one",
                        other.server() + " delivered " + missing + " then " + delivered.get(later),
                        log.server() + " delivered " + delivered.get(later) + " without " + Zxids.format(missing.zxid()));
            } else {
                report(ZabProperty.AGREEMENT, log.server() + " and " + other.server() + " delivered txns the other lacks",
                        other.server() + " delivered " + missing,
                        log.server() + " delivered " + delivered.get(last) + " but not " + Zxids.format(missing.zxid()));
            }
            return; // the first hole says it; later ones in the same log repeat it
        }
    }

    /** Within one leader's epoch, delivering b means having delivered every earlier proposal. */
    private void checkLocalPrimaryOrder(ServerLog log) {
        Set<Long> mine = zxidsOf(log);
        Map<Long, Long> lastInEpoch = new TreeMap<>();
        for (Delivery d : log.delivered()) {
            lastInEpoch.merge(Zxids.epochOf(d.zxid()), d.zxid(), Math::max);
        }
        for (Proposal p : run.proposals()) {
            Long last = lastInEpoch.get(Zxids.epochOf(p.zxid()));
            if (last != null && p.zxid() < last && log.covers(p.zxid()) && !mine.contains(p.zxid())
                    && !delivered.containsKey(p.zxid())) {
                report(ZabProperty.LOCAL_PRIMARY_ORDER,
                        log.server() + " delivered a txn of leader " + p.leader() + " without an earlier one of the same leader",
                        p + " (delivered by no server)",
                        log.server() + " delivered " + delivered.get(last));
                return;
            }
        }
    }

    /** A leader that broadcasts in epoch e started from a history holding every older delivered txn. */
    private void checkPrimaryIntegrity() {
        Set<Long> broadcastingEpochs = new HashSet<>();
        for (Proposal p : run.proposals()) {
            broadcastingEpochs.add(Zxids.epochOf(p.zxid()));
        }
        for (Establishment e : run.establishments()) {
            if (!broadcastingEpochs.contains(e.epoch())) {
                continue;
            }
            for (Delivery d : delivered.tailMap(e.historyZxid(), false).values()) {
                if (Zxids.epochOf(d.zxid()) >= e.epoch()) {
                    break;
                }
                report(ZabProperty.PRIMARY_INTEGRITY,
                        "leader " + e.leader() + " of epoch " + e.epoch() + " broadcast without a txn of an older epoch that was delivered",
                        "leader " + e.leader() + "'s initial history ends at " + Zxids.format(e.historyZxid()),
                        firstDeliverer(d) + " delivered " + d);
                break;
            }
        }
    }

    private static Set<Long> zxidsOf(ServerLog log) {
        Set<Long> zxids = new HashSet<>();
        for (Delivery d : log.delivered()) {
            zxids.add(d.zxid());
        }
        return zxids;
    }

    private ServerLog firstLogWith(long zxid) {
        for (ServerLog log : run.logs()) {
            for (Delivery d : log.delivered()) {
                if (d.zxid() == zxid) {
                    return log;
                }
            }
        }
        throw new IllegalStateException("no log delivered " + Zxids.format(zxid));
    }

    private String firstDeliverer(Delivery delivery) {
        return firstLogWith(delivery.zxid()).server();
    }

    /** A zxid above {@code after} that both {@code other} and the set {@code mine} delivered. */
    private static Long laterSharedZxid(ServerLog other, Set<Long> mine, long after) {
        for (Delivery d : other.delivered()) {
            if (d.zxid() > after && mine.contains(d.zxid())) {
                return d.zxid();
            }
        }
        return null;
    }
}
