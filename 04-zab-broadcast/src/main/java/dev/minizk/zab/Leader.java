package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The leader (ZooKeeper's {@code Leader} with its {@code LearnerHandler}s), in Zab's three phases.
 *
 * <ol>
 *   <li><b>Discovery</b> ({@link Discovery}). Wait for FOLLOWERINFO from a quorum (itself
 *       included), take a new epoch above every epoch they accepted, send LEADERINFO, wait for a
 *       quorum of ACKEPOCHs. A follower of that quorum whose history is ahead of the leader's
 *       makes it step down; one that acks later is synchronized like any other (its extra tail
 *       is cut).</li>
 *   <li><b>Synchronization.</b> Send each learner the whole committed state (SNAP), then the
 *       leader's logged but uncommitted txns as PROPOSALs, then NEWLEADER ({@link LearnerSync}:
 *       what is sent; here: when, and what the acks mean). Once a quorum acked
 *       NEWLEADER the leader is <em>established</em>: its whole history is committed, it says
 *       UPTODATE and may broadcast.</li>
 *   <li><b>Broadcast.</b> {@link #propose}: give the txn the next zxid, log it, send PROPOSAL,
 *       count ACKs (its own, once its log holds the txn durably, included) with the quorum verifier, and COMMIT in zxid order once
 *       the oldest outstanding proposal has a quorum. Observers get INFORM instead.</li>
 * </ol>
 *
 * <p>All of it within {@code initLimit} ticks, or the leader gives up. Once established it pings
 * every learner in its forwarding set each tick and steps down when fewer than a quorum of
 * synchronized followers (itself included) were heard from in the last {@code syncLimit} ticks.
 *
 * <p><b>Flow control.</b> At most {@link ZabConfig#maxOutstandingProposals} proposals are in
 * flight. The leader does not queue beyond that: {@link #canPropose} turns false and the caller
 * (the request pipeline's sequencer) must hold the write where it is, which stops it from
 * taking more requests from its clients' connections; the backlog stays in the clients and in
 * TCP's windows, not in a queue here that would grow without bound.
 */
public final class Leader implements Role {
    private final ZabContext ctx;
    private final QuorumVerifier verifier;
    private final History history;
    private final int self;
    /** Phase 1: the new epoch and the quorum that acked it. */
    private final Discovery discovery;

    /** The learners connected now, by id (Discovery adds them as they connect). */
    final Map<Integer, LearnerHandler> learners = new TreeMap<>();
    private final Set<Integer> newLeaderAckers = new TreeSet<>();
    private boolean established;
    /** Proposals sent and not yet committed, by zxid, with the voters that acked each. */
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();
    /**
     * Syncs waiting for a proposal's commit (ZooKeeper's {@code pendingSyncs}), oldest first;
     * their zxids only grow. Bounded like the requests they come from: each server hands over
     * only so many at once.
     */
    private final Deque<PendingSync> pendingSyncs = new ArrayDeque<>();
    private long ticks;

    private record Outstanding(LoggedTxn txn, Set<Integer> ackers) {
    }

    private record PendingSync(long zxid, Runnable answer) {
    }

    public Leader(ZabContext ctx, long electionRound) {
        this.ctx = ctx;
        this.verifier = ctx.verifier();
        this.history = ctx.history();
        this.self = ctx.id();
        this.discovery = new Discovery(this, ctx, electionRound);
    }

    /** Ticks since the leader started: the clock of its learners' silence. */
    long ticks() {
        return ticks;
    }

    @Override
    public String name() {
        return "LEADING";
    }

    @Override
    public void start() {
        discovery.start();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public void onMessage(int from, PeerMessage message) {
        if (!verifier.isMember(from)) {
            ctx.trace("ignored from non-member " + from + ": " + message);
        } else if (message instanceof PeerMessage.FollowerInfo info) {
            discovery.onInfo(from, info.acceptedEpoch(), info.electionRound(), false);
        } else if (message instanceof PeerMessage.ObserverInfo info) {
            discovery.onInfo(from, info.acceptedEpoch(), info.electionRound(), true);
        } else if (message instanceof PeerMessage.AckEpoch ack) {
            withLearner(from, message, h -> {
                h.lastZxid = ack.lastZxid();
                discovery.onAckEpoch(h, ack);
            });
        } else if (message instanceof PeerMessage.Ack ack) {
            withLearner(from, message, h -> onAck(h, ack.zxid()));
        } else if (message instanceof PeerMessage.Ping ping) {
            withLearner(from, message, h -> onPing(h, ping));
        } else if (message instanceof PeerMessage.LeaderInfo || message instanceof PeerMessage.Snap
                || message instanceof PeerMessage.Diff || message instanceof PeerMessage.Trunc
                || message instanceof PeerMessage.NewLeader || message instanceof PeerMessage.UpToDate
                || message instanceof PeerMessage.Proposal || message instanceof PeerMessage.Commit
                || message instanceof PeerMessage.Inform) {
            ctx.trace("ignored (a leader's packet, from another leader): " + message);
        } else if (message instanceof PeerMessage.Election) {
            throw new IllegalArgumentException("election notifications go to the election, not to the leader");
        } else {
            throw new IllegalArgumentException("unknown peer message " + message);
        }
    }

    private void withLearner(int from, PeerMessage message, Consumer<LearnerHandler> action) {
        LearnerHandler handler = learners.get(from);
        if (handler == null) {
            ctx.trace("ignored from " + from + ", not connected: " + message);
            return;
        }
        handler.lastHeardTick = ticks;
        action.accept(handler);
    }

    /**
     * The leader's own NEWLEADER ack: it holds its history, once that history is durable.
     *
     * <p>Hint (04.3): when the log says everything is durable ({@link ZabContext#whenLogged}),
     * count the leader in {@code newLeaderAckers} and see whether it is established
     * ({@link #maybeEstablish}).
     */
    void ackOwnNewLeader() {
        // BEGIN SOLUTION 04.3
        ctx.whenLogged(this, () -> {
            newLeaderAckers.add(self);
            maybeEstablish();
        });
        // STUB: return;
        // END SOLUTION
    }

    /** Sends the learner the stream that gives it this leader's history ({@link LearnerSync}): it is then {@code SYNCING}. */
    void synchronize(LearnerHandler handler) {
        new LearnerSync(ctx, newLeaderZxid()).synchronize(handler);
    }

    /**
     * An ACK from a learner: of NEWLEADER, or of a proposal.
     *
     * <p>Hint (04.3): ACKs are due only from a learner in the forwarding set, and exactly in
     * the order of its {@code expectedAcks}: any other ACK means one was lost on the way, and
     * the connection is broken ({@link #drop}). Take the due zxid off the queue; NEWLEADER's
     * goes to {@link #onNewLeaderAck}, a follower's ACK of a proposal to {@link #countAck}.
     */
    private void onAck(LearnerHandler handler, long zxid) {
        // BEGIN SOLUTION 04.3
        if (!handler.forwarding()) {
            drop(handler, "ACK " + Zxid.format(zxid) + " in phase " + handler.phase);
            return;
        }
        Long expected = handler.expectedAcks.peekFirst();
        if (expected == null || expected != zxid) {
            drop(handler, "ACK " + Zxid.format(zxid) + " while " + (expected == null ? "none" : Zxid.format(expected))
                    + " was due: an ACK was lost");
            return;
        }
        handler.expectedAcks.removeFirst();
        if (zxid == newLeaderZxid()) {
            onNewLeaderAck(handler);
        } else if (!handler.observer) {
            countAck(handler.sid, zxid);
        }
        // END SOLUTION
    }

    /**
     * A learner acked NEWLEADER: it holds the leader's history.
     *
     * <p>Hint (04.3): remember it ({@code newLeaderAcked}). Once the leader is established the
     * learner may {@link #serve} at once; before, a follower's ack counts in
     * {@code newLeaderAckers} towards establishing ({@link #maybeEstablish}).
     */
    private void onNewLeaderAck(LearnerHandler handler) {
        // BEGIN SOLUTION 04.3
        handler.newLeaderAcked = true;
        if (established) {
            serve(handler);
        } else if (!handler.observer) {
            newLeaderAckers.add(handler.sid);
            maybeEstablish();
        }
        // END SOLUTION
    }

    /**
     * A quorum holds the leader's history: it is committed, and the leader may broadcast.
     *
     * <p>Hint (04.3): only while synchronizing ({@link Discovery#isSynchronizing}), only once,
     * and only when {@code newLeaderAckers} hold a quorum. Then: established; tell the context ({@link ZabContext#noteEstablished})
     * and the events ({@link ZabEvents#established}, with the leader's last logged zxid);
     * commit the whole history; send UPTODATE to every learner that acked NEWLEADER
     * ({@link #serve}) and synchronize the observers that acked the epoch and waited.
     */
    private void maybeEstablish() {
        // BEGIN SOLUTION 04.3
        if (established || !discovery.isSynchronizing() || !verifier.containsQuorum(newLeaderAckers)) {
            return;
        }
        established = true;
        long historyZxid = history.lastLoggedZxid();
        ctx.noteEstablished(epoch(), self);
        ctx.events().established(epoch(), self, historyZxid, Set.copyOf(newLeaderAckers));
        history.commitUpTo(historyZxid);
        ctx.trace("established in epoch " + epoch() + " with " + newLeaderAckers + ", history up to " + Zxid.format(historyZxid));
        for (LearnerHandler handler : learners.values()) {
            if (handler.newLeaderAcked) {
                serve(handler);
            } else if (handler.observer && handler.phase == LearnerHandler.Phase.EPOCH_ACKED) {
                synchronize(handler);
            }
        }
        // END SOLUTION
    }

    private void serve(LearnerHandler handler) {
        ctx.send(handler.sid, new PeerMessage.UpToDate(history.lastCommittedZxid()));
        handler.phase = LearnerHandler.Phase.SERVING;
    }

    /**
     * A learner's answer to our ping. A follower that logged a proposal whose ACK never came lost
     * that ACK on the way (acks travel before the ping on the same connection): broken.
     *
     * <p>Hint (04.8): a follower whose ping says it logged the zxid at the head of its
     * {@code expectedAcks} (a proposal's, not NEWLEADER's) lost that ACK: {@link #drop} it.
     */
    private void onPing(LearnerHandler handler, PeerMessage.Ping ping) {
        // BEGIN SOLUTION 04.8
        Long due = handler.expectedAcks.peekFirst();
        if (!handler.observer && due != null && due != newLeaderZxid() && ping.lastZxid() >= due) {
            drop(handler, "it logged " + Zxid.format(ping.lastZxid()) + " but never acked " + Zxid.format(due));
        }
        // STUB: return;
        // END SOLUTION
    }

    /**
     * Forgets a learner whose connection is broken. It hears nothing more from us, gives up after
     * {@code syncLimit} ticks, elects again and reconnects with a fresh synchronization.
     */
    void drop(LearnerHandler handler, String why) {
        learners.remove(handler.sid);
        ctx.trace("dropped " + handler + ": " + why);
    }

    /**
     * The connection to a learner broke: what it sent us and we sent it in flight is lost, so its
     * handler goes (ZooKeeper's {@code LearnerHandler} thread dies with its socket). The learner
     * reconnects with a fresh synchronization. Once established, a leader left without a quorum
     * of synchronized followers steps down now rather than at its next tick.
     */
    @Override
    public void onPeerLinkBroken(int peer) {
        LearnerHandler handler = learners.get(peer);
        if (handler == null) {
            return;
        }
        drop(handler, "its connection closed");
        Set<Integer> synced = new TreeSet<>(Set.of(self));
        learners.values().stream().filter(h -> h.newLeaderAcked).forEach(h -> synced.add(h.sid));
        if (established && !verifier.containsQuorum(synced)) {
            ctx.roleEnded(this, "lost its quorum: the connection to " + peer + " closed, synchronized followers left " + synced);
        }
    }

    // ------------------------------------------------------------------ broadcast

    /**
     * Is the leader established and below its bound of outstanding proposals?
     *
     * <p>Hint (04.4): established, fewer than {@link ZabConfig#maxOutstandingProposals}
     * outstanding, and the epoch's counter not exhausted (the next zxid's counter below
     * {@link Zxid#MAX_PART}: ZooKeeper starts a new election rather than wrap it).
     */
    public boolean canPropose() {
        // BEGIN SOLUTION 04.4
        return established && outstanding.size() < ctx.config().maxOutstandingProposals()
                && Zxid.counterOf(nextZxid()) < Zxid.MAX_PART;
        // END SOLUTION
    }

    /** The zxid the next proposal must carry: the next counter of this epoch. */
    public long nextZxid() {
        if (epoch() < 0) {
            throw new IllegalStateException("leader " + self + " has no epoch yet");
        }
        return zxidAfter(history.lastLoggedZxid(), epoch());
    }

    /**
     * The zxid a leader of {@code epoch} gives its next txn when its history ends at {@code lastLogged}.
     *
     * <p>Hint (04.1): the next counter when the history ends in this epoch already; else the
     * epoch's first txn, counter 1 (counter 0 names the epoch's NEWLEADER). Use {@link Zxid}.
     */
    static long zxidAfter(long lastLogged, long epoch) {
        // BEGIN SOLUTION 04.1
        return Zxid.epochOf(lastLogged) == epoch ? lastLogged + 1 : Zxid.of(epoch, 1);
        // END SOLUTION
    }

    /**
     * Proposes a prepared txn, whose header must carry {@link #nextZxid}. The caller checks
     * {@link #canPropose} first: proposing past the bound is a bug in the caller, not a queue.
     *
     * <p>Hint (04.4): crash ({@code IllegalStateException}) unless {@link #canPropose}, refuse
     * ({@code IllegalArgumentException}) a txn without {@link #nextZxid}. Log it, keep it in
     * {@code outstanding} with no ackers yet, tell {@link ZabEvents#proposed}, send PROPOSAL to
     * every follower in the forwarding set (never to an observer) and expect its ACK there.
     * The leader's own ACK counts once its log holds the txn: {@link ZabContext#whenLogged}.
     */
    public void propose(LoggedTxn txn) {
        // BEGIN SOLUTION 04.4
        if (!canPropose()) {
            throw new IllegalStateException("leader " + self + " cannot propose now (established " + established
                    + ", " + outstanding.size() + " outstanding of " + ctx.config().maxOutstandingProposals() + ")");
        }
        long zxid = txn.header().zxid();
        if (zxid != nextZxid()) {
            throw new IllegalArgumentException("proposal " + Zxid.format(zxid) + " must carry the next zxid " + Zxid.format(nextZxid()));
        }
        history.log(txn);
        outstanding.put(zxid, new Outstanding(txn, new TreeSet<>()));
        ctx.events().proposed(self, txn);
        for (LearnerHandler handler : learners.values()) {
            if (!handler.observer && handler.forwarding()) {
                ctx.send(handler.sid, new PeerMessage.Proposal(txn));
                handler.expectedAcks.addLast(zxid);
            }
        }
        ctx.whenLogged(this, () -> countAck(self, zxid));
        // END SOLUTION
    }

    /**
     * {@code voter} acked the proposal {@code zxid} (the leader itself too, once its copy is durable).
     *
     * <p>Hint (04.4): add the voter to the proposal's ackers, if the proposal is still
     * outstanding (a quorum may have committed it already; and an ACK of a txn of the initial
     * history, sent during synchronization, needs no counting), then commit what has a quorum.
     */
    private void countAck(int voter, long zxid) {
        // BEGIN SOLUTION 04.4
        Outstanding proposal = outstanding.get(zxid);
        if (proposal != null) {
            proposal.ackers().add(voter);
            commitWhatHasAQuorum();
        }
        // STUB: return;
        // END SOLUTION
    }

    /**
     * Commits the oldest outstanding proposals while each has a quorum: COMMIT strictly in zxid order.
     *
     * <p>Hint (04.5): only the oldest outstanding proposal may be committed next, and only when
     * its ackers hold a quorum (the quorum verifier decides); repeat while that holds. For each:
     * tell {@link ZabEvents#committed}, commit it in the leader's own history, and send COMMIT
     * to every follower and INFORM (the whole txn) to every observer in the forwarding set.
     * Then {@link #answerSyncs}: a client's {@code sync} waits for what was outstanding when it came.
     */
    private void commitWhatHasAQuorum() {
        // BEGIN SOLUTION 04.5
        while (!outstanding.isEmpty() && verifier.containsQuorum(outstanding.firstEntry().getValue().ackers())) {
            Outstanding proposal = outstanding.pollFirstEntry().getValue();
            long zxid = proposal.txn().header().zxid();
            ctx.events().committed(self, zxid, Set.copyOf(proposal.ackers()));
            history.commit(zxid);
            for (LearnerHandler handler : learners.values()) {
                if (handler.forwarding()) {
                    ctx.send(handler.sid, handler.observer ? new PeerMessage.Inform(proposal.txn()) : new PeerMessage.Commit(zxid));
                }
            }
        }
        answerSyncs();
        // END SOLUTION
    }

    // ------------------------------------------------------------------ sync

    /**
     * A client's {@code sync} reached the leader: {@code answer} runs once every proposal issued
     * so far is committed and its COMMIT sent (at once if none is outstanding). The answer then
     * travels behind those COMMITs, so a learner that reads it has applied them.
     */
    public void afterOutstandingCommitted(Runnable answer) {
        if (outstanding.isEmpty()) {
            answer.run();
        } else {
            pendingSyncs.addLast(new PendingSync(outstanding.lastKey(), answer));
        }
    }

    /** The syncs whose last proposal is committed now, in the order they came. */
    private void answerSyncs() {
        while (!pendingSyncs.isEmpty() && pendingSyncs.peekFirst().zxid() <= history.lastCommittedZxid()) {
            pendingSyncs.removeFirst().answer().run();
        }
    }

    // ------------------------------------------------------------------ time

    /**
     * One tick: give up or ping.
     *
     * <p>Hint (04.8): not established within {@code initLimit} ticks: end the role. Once
     * established: {@link #drop} every learner not heard from for more than {@code syncLimit}
     * ticks ({@code lastHeardTick}), PING the others in the forwarding set with the leader's
     * last logged and last committed zxid, and end the role unless the leader and the
     * followers heard from that acked NEWLEADER hold a quorum.
     */
    @Override
    public void onTick() {
        ticks++;
        // BEGIN SOLUTION 04.8
        if (!established) {
            if (ticks > ctx.config().initLimit()) {
                ctx.roleEnded(this, "not established within initLimit (" + ctx.config().initLimit() + " ticks)");
            }
            return;
        }
        Set<Integer> alive = new TreeSet<>();
        alive.add(self);
        for (LearnerHandler handler : learners.values().toArray(new LearnerHandler[0])) {
            if (ticks - handler.lastHeardTick > ctx.config().syncLimit()) {
                drop(handler, "silent for " + (ticks - handler.lastHeardTick) + " ticks");
            } else if (handler.forwarding()) {
                ctx.send(handler.sid, new PeerMessage.Ping(history.lastLoggedZxid(), history.lastCommittedZxid()));
                if (handler.newLeaderAcked) {
                    alive.add(handler.sid);
                }
            }
        }
        if (!verifier.containsQuorum(alive)) {
            ctx.roleEnded(this, "lost its quorum: only " + alive + " heard within syncLimit");
        }
        // STUB: return;
        // END SOLUTION
    }

    // ------------------------------------------------------------------ what tests and the status page see

    public long epoch() {
        return discovery.epoch();
    }

    public boolean isEstablished() {
        return established;
    }

    public int outstandingProposals() {
        return outstanding.size();
    }

    /** The voters that acked the outstanding proposal {@code zxid} so far; empty once it is committed (or if it never was proposed). */
    public Set<Integer> ackersOf(long zxid) {
        Outstanding proposal = outstanding.get(zxid);
        return proposal == null ? Set.of() : Set.copyOf(proposal.ackers());
    }

    /** The learners connected now, by id, with their phase. */
    public Map<Integer, String> learners() {
        Map<Integer, String> view = new TreeMap<>();
        learners.forEach((sid, h) -> view.put(sid, h.phase.name()));
        return view;
    }

    /** The state as a value, for the search tests (see {@link LeaderSnapshot}). */
    @Override
    public LeaderSnapshot snapshot() {
        Map<Integer, LeaderSnapshot.Handler> handlers = new TreeMap<>();
        learners.forEach((sid, h) -> handlers.put(sid, LeaderSnapshot.Handler.of(h, ticks)));
        Map<Long, Set<Integer>> acks = new TreeMap<>();
        outstanding.forEach((zxid, proposal) -> acks.put(zxid, Set.copyOf(proposal.ackers())));
        return new LeaderSnapshot(discovery.electionRound(), epoch(), discovery.isSynchronizing(), established, established ? 0 : ticks,
                handlers, discovery.connectedVoters(), discovery.epochAckers(), newLeaderAckers, acks, pendingSyncs.stream().map(PendingSync::zxid).toList());
    }

    private long newLeaderZxid() {
        return Zxid.of(epoch(), 0);
    }

    @Override
    public String toString() {
        return "Leader[" + self + " e" + epoch() + (established ? " established" : "") + ", " + outstanding.size() + " outstanding]";
    }
}
