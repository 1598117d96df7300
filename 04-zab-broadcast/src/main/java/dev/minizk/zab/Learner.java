package dev.minizk.zab;

import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What a follower and an observer share (ZooKeeper's {@code Learner}): connect to the elected
 * leader, accept its epoch (refusing an older one), install its snapshot, take NEWLEADER, wait
 * for UPTODATE, then follow its stream and answer its pings. The leader's connection is checked
 * like TCP checks a stream: every message must come in its place, and a gap (a lost message)
 * breaks the connection, which sends the learner back to LOOKING.
 *
 * <p>Between the snapshot (or DIFF, TRUNC) and NEWLEADER the learner does not log what the
 * leader streams: it holds the PROPOSALs ({@code held}, ZooKeeper's {@code packetsNotCommitted}
 * in {@code Learner.syncWithLeader}) and applies those the leader COMMITs, in order. At NEWLEADER
 * it logs the rest, and only once they are durable and its current epoch is the new one does it
 * ACK them and NEWLEADER. An ACK sent earlier would vouch for a txn under the old current epoch:
 * after a crash or a broken connection this server would lose an election to one that never saw
 * the txn, and a txn committed with its ACK would be truncated (ZOOKEEPER-4394, -4646).
 */
public abstract class Learner implements Role {

    /** Where this learner is on its way to serving. */
    protected enum Phase {
        /** FOLLOWERINFO/OBSERVERINFO sent (again every tick); waiting for LEADERINFO. */
        CONNECTING,
        /** ACKEPOCH sent; waiting for SNAP, then the leader's uncommitted proposals, then NEWLEADER. */
        SYNCING,
        /** NEWLEADER acked; waiting for UPTODATE. */
        WAITING_FOR_UPTODATE,
        /** Up to date: following the leader's stream. */
        SERVING
    }

    protected final ZabContext ctx;
    protected final History history;
    protected final int leader;
    /** The election round in which this server decided for {@code leader}. */
    protected final long electionRound;
    protected Phase phase = Phase.CONNECTING;
    private long epoch = -1;
    private boolean snapInstalled;
    /** What this server had delivered before the snapshot replaced it; UPTODATE must bring it back at least this far. */
    private long deliveredBeforeSync;
    private long ticks;
    private long lastHeardTick;
    /** Until NEWLEADER arrives, the PROPOSALs streamed since the snapshot, not logged yet; bounded by the leader's outstanding proposals. */
    private final Deque<LoggedTxn> held = new ArrayDeque<>();
    /** The zxids of every PROPOSAL streamed before NEWLEADER, in order: they are ACKed with it. */
    private final List<Long> heldZxids = new ArrayList<>();
    private boolean newLeaderArrived;

    protected Learner(ZabContext ctx, int leader, long electionRound) {
        this.ctx = ctx;
        this.history = ctx.history();
        this.leader = leader;
        this.electionRound = electionRound;
    }

    /** FOLLOWERINFO or OBSERVERINFO. */
    protected abstract PeerMessage info(long acceptedEpoch, long lastZxid);

    /** A PROPOSAL arrived after the snapshot. */
    protected abstract void onProposal(PeerMessage.Proposal proposal);

    /** An INFORM arrived after the snapshot. */
    protected abstract void onInform(PeerMessage.Inform inform);

    @Override
    public void start() {
        ctx.send(leader, info(ctx.acceptedEpoch(), history.lastLoggedZxid()));
    }

    @Override
    public void onMessage(int from, PeerMessage message) {
        if (from != leader) {
            ctx.trace("ignored, not from leader " + leader + ": " + message);
            return;
        }
        lastHeardTick = ticks;
        if (message instanceof PeerMessage.LeaderInfo info) {
            onLeaderInfo(info);
        } else if (message instanceof PeerMessage.Snap snap) {
            onSnap(snap);
        } else if (message instanceof PeerMessage.Diff diff) {
            keepHistory(diff.zxid(), diff);
        } else if (message instanceof PeerMessage.Trunc trunc) {
            if (phase == Phase.SYNCING && !snapInstalled && trunc.zxid() < history.lastLoggedZxid()) {
                history.truncate(trunc.zxid());
            }
            keepHistory(trunc.zxid(), trunc);
        } else if (message instanceof PeerMessage.Proposal proposal) {
            if (expectStream(message) && !holdDuringSync(proposal)) {
                onProposal(proposal);
            }
        } else if (message instanceof PeerMessage.NewLeader newLeader) {
            onNewLeader(newLeader);
        } else if (message instanceof PeerMessage.UpToDate upToDate) {
            onUpToDate(upToDate);
        } else if (message instanceof PeerMessage.Commit commit) {
            if (expectStream(message) && !applyHeld(commit)) {
                onCommit(commit);
            }
        } else if (message instanceof PeerMessage.Inform inform) {
            if (expectStream(message)) {
                onInform(inform);
            }
        } else if (message instanceof PeerMessage.Ping ping) {
            onPing(ping);
        } else if (message instanceof PeerMessage.FollowerInfo || message instanceof PeerMessage.ObserverInfo
                || message instanceof PeerMessage.AckEpoch || message instanceof PeerMessage.Ack) {
            ctx.trace("ignored (a learner's packet) from the leader: " + message);
        } else if (message instanceof PeerMessage.Election) {
            throw new IllegalArgumentException("election notifications go to the election, not to a learner");
        } else {
            throw new IllegalArgumentException("unknown peer message " + message);
        }
    }

    /**
     * Discovery: accept the leader's new epoch, or refuse it if we promised a newer one.
     *
     * <p>Hint (04.2): past {@code CONNECTING}, a LEADERINFO for our {@code epoch} answers a
     * FOLLOWERINFO sent again (ignore it) and one for another epoch is a broken connection.
     * While connecting: an epoch below the one we accepted ends the role (we promised not to
     * follow an older leader). An epoch above it is accepted ({@link ZabContext#setAcceptedEpoch})
     * and acked with our current epoch; the very epoch we accepted already is acked with
     * {@link PeerMessage.AckEpoch#ALREADY_ACCEPTED}. Either way remember the epoch, move to
     * {@code SYNCING} and send ACKEPOCH with our last logged zxid.
     */
    private void onLeaderInfo(PeerMessage.LeaderInfo info) {
        // BEGIN SOLUTION 04.2
        if (phase != Phase.CONNECTING) {
            if (info.newEpoch() != epoch) {
                broken("a second LEADERINFO, e" + info.newEpoch() + " after e" + epoch);
            }
            return; // the answer to a FOLLOWERINFO sent again: we have it already
        }
        long accepted = ctx.acceptedEpoch();
        if (info.newEpoch() < accepted) {
            ctx.roleEnded(this, "refuses leader " + leader + "'s epoch " + info.newEpoch() + ": it accepted epoch " + accepted);
            return;
        }
        long current = PeerMessage.AckEpoch.ALREADY_ACCEPTED;
        if (info.newEpoch() > accepted) {
            ctx.setAcceptedEpoch(info.newEpoch());
            current = ctx.currentEpoch();
        }
        epoch = info.newEpoch();
        phase = Phase.SYNCING;
        ctx.send(leader, new PeerMessage.AckEpoch(current, history.lastLoggedZxid()));
        // END SOLUTION
    }

    /**
     * The leader's committed state.
     *
     * <p>Hint (04.3): due once, in {@code SYNCING}; otherwise the connection is
     * {@link #broken}. Remember what this server had delivered ({@code deliveredBeforeSync}),
     * then replace the history by the snapshot ({@link History#restore}).
     */
    private void onSnap(PeerMessage.Snap snap) {
        // BEGIN SOLUTION 04.3
        if (phase != Phase.SYNCING || snapInstalled) {
            broken("SNAP in phase " + phase);
            return;
        }
        deliveredBeforeSync = history.lastCommittedZxid();
        history.restore(snap.snapshot(), snap.zxid());
        snapInstalled = true;
        // END SOLUTION
    }

    /**
     * DIFF or TRUNC (stage 05): instead of a snapshot the learner keeps its own history, which
     * now ends where the leader's stream will continue. Due where a SNAP is; it counts as one
     * for what follows ({@code snapInstalled}).
     */
    private void keepHistory(long zxid, PeerMessage message) {
        if (phase != Phase.SYNCING || snapInstalled || history.lastLoggedZxid() != zxid) {
            broken(message + " in phase " + phase + (snapInstalled ? " after the snapshot" : "")
                    + ", logged up to " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        deliveredBeforeSync = history.lastCommittedZxid();
        snapInstalled = true;
    }

    /** Proposals, commits and informs come only after the snapshot. */
    private boolean expectStream(PeerMessage message) {
        if (phase == Phase.CONNECTING || !snapInstalled) {
            broken(message + " before the snapshot");
            return false;
        }
        return true;
    }

    /**
     * A PROPOSAL between the snapshot and NEWLEADER is held, not logged. Returns whether it was
     * (false: after NEWLEADER, it is an ordinary proposal). One that does not follow the last
     * held or logged zxid means one was lost: the connection is broken.
     */
    private boolean holdDuringSync(PeerMessage.Proposal proposal) {
        if (phase != Phase.SYNCING || newLeaderArrived || !votes()) {
            return false;
        }
        long last = lastReceivedZxid();
        if (!follows(last, proposal.zxid())) {
            broken("proposal " + Zxid.format(proposal.zxid()) + " after " + Zxid.format(last) + " during sync: one was lost");
            return true;
        }
        held.addLast(proposal.txn());
        heldZxids.add(proposal.zxid());
        return true;
    }

    /**
     * A COMMIT between the snapshot and NEWLEADER names the oldest held proposal (the leader
     * commits in order): log it and apply it now. Returns whether it was such a COMMIT.
     */
    private boolean applyHeld(PeerMessage.Commit commit) {
        if (phase != Phase.SYNCING || newLeaderArrived) {
            return false;
        }
        if (held.isEmpty() || held.peekFirst().header().zxid() != commit.zxid()) {
            broken(commit + " during sync while the oldest held proposal is "
                    + (held.isEmpty() ? "none" : Zxid.format(held.peekFirst().header().zxid())));
            return true;
        }
        history.log(held.removeFirst());
        history.commitUpTo(commit.zxid()); // with DIFF, what the learner had logged below it is committed too
        return true;
    }

    /**
     * NEWLEADER arrived: log the proposals held since the snapshot, in order, and return the
     * zxids of every proposal streamed before NEWLEADER (committed ones too), which are ACKed
     * with it. From now on proposals are logged as they come.
     */
    protected List<Long> logHeldProposals() {
        newLeaderArrived = true;
        while (!held.isEmpty()) {
            history.log(held.removeFirst());
        }
        return List.copyOf(heldZxids);
    }

    /**
     * The end of synchronization: this server now holds the leader's history.
     *
     * <p>Hint (04.3): due in {@code SYNCING}, after the snapshot, for our {@code epoch};
     * otherwise {@link #broken}. Log what was held during the sync ({@link #logHeldProposals}).
     * Once everything logged is durable ({@link ZabContext#whenLogged}): the epoch becomes our
     * current epoch, note the leader established ({@link ZabContext#noteEstablished}), wait for
     * UPTODATE, ACK each held proposal's zxid and then the NEWLEADER's zxid (the leader expects
     * ACKs in the order it sent).
     */
    private void onNewLeader(PeerMessage.NewLeader newLeader) {
        // BEGIN SOLUTION 04.3
        if (phase != Phase.SYNCING || !snapInstalled || newLeader.epoch() != epoch) {
            broken(newLeader + " in phase " + phase + (snapInstalled ? "" : " without a snapshot") + " (epoch " + epoch + ")");
            return;
        }
        List<Long> synced = logHeldProposals();
        // ZooKeeper's order (ZOOKEEPER-4394 and kin): the synced txns durable, then currentEpoch, then the ACKs.
        ctx.whenLogged(this, () -> {
            ctx.setCurrentEpoch(epoch);
            ctx.noteEstablished(epoch, leader);
            phase = Phase.WAITING_FOR_UPTODATE;
            synced.forEach(zxid -> ctx.send(leader, new PeerMessage.Ack(zxid)));
            ctx.send(leader, new PeerMessage.Ack(newLeader.zxid()));
        });
        // END SOLUTION
    }

    /**
     * The leader is established: what it synchronized is committed.
     *
     * <p>Hint (04.3): due while waiting for it, for a zxid we logged; otherwise
     * {@link #broken}. Commit up to the zxid; if that leaves us below what we had delivered
     * before the snapshot, a committed txn is lost: crash ({@code IllegalStateException}).
     * Then serve.
     */
    private void onUpToDate(PeerMessage.UpToDate upToDate) {
        // BEGIN SOLUTION 04.3
        if (phase != Phase.WAITING_FOR_UPTODATE || upToDate.committedZxid() > history.lastLoggedZxid()) {
            broken(upToDate + " in phase " + phase + ", logged up to " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        history.commitUpTo(upToDate.committedZxid());
        if (history.lastCommittedZxid() < deliveredBeforeSync) {
            throw new IllegalStateException("server " + ctx.id() + " had delivered up to " + Zxid.format(deliveredBeforeSync)
                    + " but leader " + leader + "'s history ends at " + Zxid.format(history.lastCommittedZxid())
                    + ": a committed txn is lost");
        }
        phase = Phase.SERVING;
        ctx.trace("up to date with leader " + leader + " in epoch " + epoch + ", " + history);
        // END SOLUTION
    }

    /**
     * COMMIT of {@code zxid}: the leader commits in zxid order, so everything logged up to it is
     * committed. It must name a txn we logged and have not delivered.
     *
     * <p>Hint (04.5): a COMMIT at or below our last committed zxid, or above our last logged
     * one, means the stream lost something: {@link #broken}. Else commit everything up to it.
     */
    private void onCommit(PeerMessage.Commit commit) {
        // BEGIN SOLUTION 04.5
        if (commit.zxid() <= history.lastCommittedZxid() || commit.zxid() > history.lastLoggedZxid()) {
            broken(commit + " while committed " + Zxid.format(history.lastCommittedZxid())
                    + ", logged " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        history.commitUpTo(commit.zxid());
        // END SOLUTION
    }

    /**
     * The leader's heartbeat. Everything it proposed and committed before the ping was sent on
     * this connection before it, so holding less means a message was lost. Answer with ours.
     *
     * <p>Hint (04.8): once the snapshot is installed, a ping whose last zxid says we missed
     * a proposal ({@link #proposalsMissed}) breaks the connection; so does, while serving, a
     * committed zxid above ours. Otherwise answer with a PING of our last logged and last
     * committed zxid, once what we logged is durable ({@link ZabContext#whenLogged}): it must
     * not overtake the ACKs of what we logged.
     */
    private void onPing(PeerMessage.Ping ping) {
        // BEGIN SOLUTION 04.8
        if (snapInstalled && proposalsMissed(ping.lastZxid())) {
            broken("the leader proposed up to " + Zxid.format(ping.lastZxid()) + ", we logged up to " + Zxid.format(history.lastLoggedZxid()));
            return;
        }
        if (phase == Phase.SERVING && history.lastCommittedZxid() < ping.committedZxid()) {
            broken("the leader committed up to " + Zxid.format(ping.committedZxid()) + ", we up to " + Zxid.format(history.lastCommittedZxid()));
            return;
        }
        // The answer goes out after the ACKs of everything logged so far, which wait for the disk:
        // the leader takes a logged zxid without its ACK before it as a lost ACK.
        long logged = history.lastLoggedZxid();
        long committed = history.lastCommittedZxid();
        ctx.whenLogged(this, () -> ctx.send(leader, new PeerMessage.Ping(logged, committed)));
        // STUB: return;
        // END SOLUTION
    }

    /** Does this learner vote (get PROPOSALs and ACK them)? An observer does not. */
    protected abstract boolean votes();

    /** Does the leader's last proposal say we missed one? (Observers get no proposals.) */
    protected abstract boolean proposalsMissed(long leaderLastZxid);

    /** The zxid of the last proposal received: held during the sync, or logged. */
    protected long lastReceivedZxid() {
        return held.isEmpty() ? history.lastLoggedZxid() : held.peekLast().header().zxid();
    }

    /**
     * Does {@code zxid} come right after {@code last}: the next counter of the same epoch, or the first of a later one?
     *
     * <p>Hint (04.1): a leader numbers its epoch's txns 1, 2, 3, … with no gap, and a new
     * epoch starts at counter 1 (counter 0 is its NEWLEADER, never a txn). Nothing at or below
     * {@code last} follows it. See {@link Zxid#epochOf} and {@link Zxid#counterOf}.
     */
    public static boolean follows(long last, long zxid) {
        // BEGIN SOLUTION 04.1
        if (zxid <= last) {
            return false;
        }
        return Zxid.epochOf(zxid) == Zxid.epochOf(last) ? zxid == last + 1 : Zxid.counterOf(zxid) == 1;
        // END SOLUTION
    }

    /** The connection to the leader broke: the stream has a hole, so this role is over (ZooKeeper's learner gets an IOException and goes back to LOOKING). */
    @Override
    public void onPeerLinkBroken(int peer) {
        if (peer == leader) {
            broken("the connection closed");
        }
    }

    protected void broken(String why) {
        ctx.roleEnded(this, "connection to leader " + leader + " broken: " + why);
    }

    @Override
    public void onTick() {
        ticks++;
        if (!gaveUp() && phase == Phase.CONNECTING) {
            start(); // the leader may not have decided yet when our first FOLLOWERINFO arrived: connect again
        }
    }

    /**
     * Connecting and synchronizing must end within {@code initLimit} ticks of the role's start,
     * however chatty the leader is meanwhile (a lost NEWLEADER or UPTODATE leaves nothing else to
     * notice it by); once serving, the leader must not be silent for {@code syncLimit} ticks.
     *
     * <p>Hint (04.8): end the role ({@link ZabContext#roleEnded}) and return true when, not
     * serving yet, more than {@code initLimit} ticks passed, or, serving, more than
     * {@code syncLimit} ticks passed since the leader was last heard ({@code lastHeardTick}).
     */
    private boolean gaveUp() {
        // BEGIN SOLUTION 04.8
        if (phase != Phase.SERVING && ticks > ctx.config().initLimit()) {
            ctx.roleEnded(this, "not up to date with leader " + leader + " within initLimit (" + phase + ")");
            return true;
        }
        if (phase == Phase.SERVING && ticks - lastHeardTick > ctx.config().syncLimit()) {
            ctx.roleEnded(this, "leader " + leader + " silent for " + (ticks - lastHeardTick) + " ticks");
            return true;
        }
        return false;
        // STUB: return false;
        // END SOLUTION
    }

    public int leader() {
        return leader;
    }

    public boolean isServing() {
        return phase == Phase.SERVING;
    }

    public long epoch() {
        return epoch;
    }

    /** The state as a value, for the search tests (see {@link LearnerSnapshot}). */
    @Override
    public LearnerSnapshot snapshot() {
        return new LearnerSnapshot(name(), leader, electionRound, phase.name(), epoch, snapInstalled, deliveredBeforeSync,
                phase == Phase.SERVING ? 0 : ticks, ticks - lastHeardTick,
                held.stream().map(txn -> txn.header().zxid()).toList(), heldZxids, newLeaderArrived);
    }

    @Override
    public String toString() {
        return name() + "[leader " + leader + " e" + epoch + " " + phase + ", " + history + "]";
    }
}
