package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Zxid;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The leader (ZooKeeper's {@code Leader} with its {@code LearnerHandler}s), in Zab's three phases.
 *
 * <ol>
 *   <li><b>Discovery.</b> Wait for FOLLOWERINFO from a quorum (itself included), take a new epoch
 *       above every epoch they accepted, send LEADERINFO, wait for a quorum of ACKEPOCHs. A
 *       follower whose history is ahead of the leader's makes it step down.</li>
 *   <li><b>Synchronization.</b> Send each learner the whole committed state (SNAP), then the
 *       leader's logged but uncommitted txns as PROPOSALs, then NEWLEADER. Once a quorum acked
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
    /** The election round this leader was elected in: learners that elected it in another round elected an earlier reign. */
    private final long electionRound;

    private final Map<Integer, LearnerHandler> learners = new TreeMap<>();
    /** Discovery: the accepted epoch of each voter that connected (this leader included). */
    private final Map<Integer, Long> connectedVoters = new TreeMap<>();
    private final Set<Integer> epochAckers = new TreeSet<>();
    private final Set<Integer> newLeaderAckers = new TreeSet<>();
    /** The leader's own (current epoch, last zxid) when it started: no follower may be ahead of it. */
    private final long startEpoch;
    private final long startZxid;
    /** The new epoch, or -1 while discovery has no quorum yet. */
    private long epoch = -1;
    private boolean synchronizing;
    private boolean established;
    /** Proposals sent and not yet committed, by zxid, with the voters that acked each. */
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();
    private long ticks;

    private record Outstanding(LoggedTxn txn, Set<Integer> ackers) {
    }

    public Leader(ZabContext ctx, long electionRound) {
        this.ctx = ctx;
        this.electionRound = electionRound;
        this.verifier = ctx.verifier();
        this.history = ctx.history();
        this.self = ctx.id();
        this.startEpoch = ctx.currentEpoch();
        this.startZxid = history.lastLoggedZxid();
    }

    @Override
    public String name() {
        return "LEADING";
    }

    @Override
    public void start() {
        connectedVoters.put(self, ctx.acceptedEpoch());
        maybeChooseEpoch();
    }

    // ------------------------------------------------------------------ messages

    @Override
    public void onMessage(int from, PeerMessage message) {
        if (!verifier.isMember(from)) {
            ctx.trace("ignored from non-member " + from + ": " + message);
        } else if (message instanceof PeerMessage.FollowerInfo info) {
            onInfo(from, info.acceptedEpoch(), info.electionRound(), false);
        } else if (message instanceof PeerMessage.ObserverInfo info) {
            onInfo(from, info.acceptedEpoch(), info.electionRound(), true);
        } else if (message instanceof PeerMessage.AckEpoch ack) {
            withLearner(from, message, h -> onAckEpoch(h, ack));
        } else if (message instanceof PeerMessage.Ack ack) {
            withLearner(from, message, h -> onAck(h, ack.zxid()));
        } else if (message instanceof PeerMessage.Ping ping) {
            withLearner(from, message, h -> onPing(h, ping));
        } else if (message instanceof PeerMessage.LeaderInfo || message instanceof PeerMessage.Snap
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

    /** A learner connects (or reconnects: its old connection is dead and replaced). */
    private void onInfo(int from, long acceptedEpoch, long round, boolean observer) {
        if (round != electionRound) {
            ctx.trace("ignored: " + from + " elected this server in round " + round + ", an earlier reign (this one: round " + electionRound + ")");
            return;
        }
        if (observer != verifier.isObserver(from)) {
            ctx.trace("ignored: " + from + " connects as " + (observer ? "an observer" : "a follower") + " but is not one");
            return;
        }
        LearnerHandler handler = new LearnerHandler(from, observer, ticks);
        learners.put(from, handler);
        if (epoch < 0) {
            if (!observer) {
                connectedVoters.put(from, acceptedEpoch);
                maybeChooseEpoch();
            }
        } else {
            sendLeaderInfo(handler);
        }
    }

    /** Discovery: a quorum connected, so no epoch any of them accepted can be reused. */
    private void maybeChooseEpoch() {
        if (epoch >= 0 || !verifier.containsQuorum(connectedVoters.keySet())) {
            return;
        }
        long highest = connectedVoters.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        epoch = highest + 1;
        ctx.setAcceptedEpoch(epoch);
        epochAckers.add(self);
        ctx.trace("new epoch " + epoch + " (accepted epochs " + connectedVoters + ")");
        for (LearnerHandler handler : learners.values()) {
            sendLeaderInfo(handler);
        }
        maybeStartSync();
    }

    private void sendLeaderInfo(LearnerHandler handler) {
        ctx.send(handler.sid, new PeerMessage.LeaderInfo(epoch));
        handler.phase = LearnerHandler.Phase.EPOCH_SENT;
    }

    private void onAckEpoch(LearnerHandler handler, PeerMessage.AckEpoch ack) {
        if (handler.phase != LearnerHandler.Phase.EPOCH_SENT) {
            drop(handler, "ACKEPOCH in phase " + handler.phase);
            return;
        }
        boolean counted = !handler.observer && ack.currentEpoch() != PeerMessage.AckEpoch.ALREADY_ACCEPTED;
        if (counted && (ack.currentEpoch() > startEpoch || (ack.currentEpoch() == startEpoch && ack.lastZxid() > startZxid))) {
            ctx.roleEnded(this, "follower " + handler.sid + " is ahead of the leader (e" + ack.currentEpoch() + ", "
                    + Zxid.format(ack.lastZxid()) + " > e" + startEpoch + ", " + Zxid.format(startZxid) + ")");
            return;
        }
        handler.phase = LearnerHandler.Phase.EPOCH_ACKED;
        if (counted) {
            epochAckers.add(handler.sid);
        }
        if (handler.observer ? established : synchronizing) {
            synchronize(handler);
        } else {
            maybeStartSync();
        }
    }

    /** A quorum acked the new epoch: the leader takes it as its own and synchronizes everyone who acked. */
    private void maybeStartSync() {
        if (synchronizing || !verifier.containsQuorum(epochAckers)) {
            return;
        }
        synchronizing = true;
        ctx.setCurrentEpoch(epoch);
        for (LearnerHandler handler : learners.values()) {
            if (!handler.observer && handler.phase == LearnerHandler.Phase.EPOCH_ACKED) {
                synchronize(handler);
            }
        }
        ctx.whenLogged(this, () -> { // the leader's own NEWLEADER ack: its history is durable
            newLeaderAckers.add(self);
            maybeEstablish();
        });
    }

    /**
     * SNAP of the committed state, then (to a follower) every logged txn above it as a PROPOSAL,
     * then NEWLEADER; from now on the learner gets every new proposal and commit, in order.
     * Observers are synchronized only once the leader is established, so they never see an
     * uncommitted txn.
     */
    private void synchronize(LearnerHandler handler) {
        ctx.send(handler.sid, new PeerMessage.Snap(history.snapshot(), history.lastCommittedZxid()));
        if (!handler.observer) {
            for (LoggedTxn txn : history.uncommitted()) {
                ctx.send(handler.sid, new PeerMessage.Proposal(txn));
                handler.expectedAcks.addLast(txn.header().zxid());
            }
        }
        ctx.send(handler.sid, new PeerMessage.NewLeader(newLeaderZxid()));
        handler.expectedAcks.addLast(newLeaderZxid());
        handler.phase = LearnerHandler.Phase.SYNCING;
    }

    private void onAck(LearnerHandler handler, long zxid) {
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
            Outstanding proposal = outstanding.get(zxid);
            if (proposal != null) { // an ack for a txn of the initial history needs no counting
                proposal.ackers().add(handler.sid);
                commitWhatHasAQuorum();
            }
        }
    }

    private void onNewLeaderAck(LearnerHandler handler) {
        handler.newLeaderAcked = true;
        if (established) {
            serve(handler);
        } else if (!handler.observer) {
            newLeaderAckers.add(handler.sid);
            maybeEstablish();
        }
    }

    /** A quorum holds the leader's history: it is committed, and the leader may broadcast. */
    private void maybeEstablish() {
        if (established || !synchronizing || !verifier.containsQuorum(newLeaderAckers)) {
            return;
        }
        established = true;
        long historyZxid = history.lastLoggedZxid();
        ctx.noteEstablished(epoch, self);
        ctx.events().established(epoch, self, historyZxid, Set.copyOf(newLeaderAckers));
        history.commitUpTo(historyZxid);
        ctx.trace("established in epoch " + epoch + " with " + newLeaderAckers + ", history up to " + Zxid.format(historyZxid));
        for (LearnerHandler handler : learners.values()) {
            if (handler.newLeaderAcked) {
                serve(handler);
            } else if (handler.observer && handler.phase == LearnerHandler.Phase.EPOCH_ACKED) {
                synchronize(handler);
            }
        }
    }

    private void serve(LearnerHandler handler) {
        ctx.send(handler.sid, new PeerMessage.UpToDate(history.lastCommittedZxid()));
        handler.phase = LearnerHandler.Phase.SERVING;
    }

    /**
     * A learner's answer to our ping. A follower that logged a proposal whose ACK never came lost
     * that ACK on the way (acks travel before the ping on the same connection): broken.
     */
    private void onPing(LearnerHandler handler, PeerMessage.Ping ping) {
        Long due = handler.expectedAcks.peekFirst();
        if (!handler.observer && due != null && due != newLeaderZxid() && ping.lastZxid() >= due) {
            drop(handler, "it logged " + Zxid.format(ping.lastZxid()) + " but never acked " + Zxid.format(due));
        }
    }

    /**
     * Forgets a learner whose connection is broken. It hears nothing more from us, gives up after
     * {@code syncLimit} ticks, elects again and reconnects with a fresh synchronization.
     */
    private void drop(LearnerHandler handler, String why) {
        learners.remove(handler.sid);
        ctx.trace("dropped " + handler + ": " + why);
    }

    // ------------------------------------------------------------------ broadcast

    /** Is the leader established and below its bound of outstanding proposals? */
    public boolean canPropose() {
        return established && outstanding.size() < ctx.config().maxOutstandingProposals()
                && Zxid.counterOf(nextZxid()) < 0xFFFF_FFFFL;
    }

    /** The zxid the next proposal must carry: the next counter of this epoch. */
    public long nextZxid() {
        if (epoch < 0) {
            throw new IllegalStateException("leader " + self + " has no epoch yet");
        }
        long last = history.lastLoggedZxid();
        return Zxid.epochOf(last) == epoch ? last + 1 : Zxid.of(epoch, 1);
    }

    /**
     * Proposes a prepared txn, whose header must carry {@link #nextZxid}. The caller checks
     * {@link #canPropose} first: proposing past the bound is a bug in the caller, not a queue.
     */
    public void propose(LoggedTxn txn) {
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
        ctx.whenLogged(this, () -> ackOwn(zxid));
    }

    /** The leader's own ACK: its copy of the proposal is durable (a quorum may have committed it already). */
    private void ackOwn(long zxid) {
        Outstanding proposal = outstanding.get(zxid);
        if (proposal != null) {
            proposal.ackers().add(self);
            commitWhatHasAQuorum();
        }
    }

    /** Commits the oldest outstanding proposals while each has a quorum: COMMIT strictly in zxid order. */
    private void commitWhatHasAQuorum() {
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
    }

    // ------------------------------------------------------------------ time

    @Override
    public void onTick() {
        ticks++;
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
    }

    // ------------------------------------------------------------------ what tests and the status page see

    public long epoch() {
        return epoch;
    }

    public boolean isEstablished() {
        return established;
    }

    public int outstandingProposals() {
        return outstanding.size();
    }

    /** The learners connected now, by id, with their phase. */
    public Map<Integer, String> learners() {
        Map<Integer, String> view = new TreeMap<>();
        learners.forEach((sid, h) -> view.put(sid, h.phase.name()));
        return view;
    }

    private long newLeaderZxid() {
        return Zxid.of(epoch, 0);
    }

    @Override
    public String toString() {
        return "Leader[" + self + " e" + epoch + (established ? " established" : "") + ", " + outstanding.size() + " outstanding]";
    }
}
