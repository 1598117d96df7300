package dev.minizk.election;

import dev.minizk.sim.Node;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.Snapshottable;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ZooKeeper's Fast Leader Election ({@code FastLeaderElection.lookForLeader} and the receiver
 * thread in front of it) as a deterministic state machine.
 *
 * <p>While LOOKING, a server proposes a vote (at first itself, with its last zxid and epoch),
 * sends it to every voter, and keeps the latest notification of each sender of its round.
 * It moves to a better vote whenever it hears one and tells everyone. Once a quorum of the
 * votes it holds equals its proposal it waits {@code finalizeWait} for a better vote; if none
 * comes it decides: LEADING if the proposal is itself, else FOLLOWING (an observer:
 * OBSERVING). A server that arrives when a leader is established joins it once a quorum
 * reports that leader and the leader itself says it is LEADING. Notifications are sent again,
 * with back-off, whenever nothing was heard for a while: the network may lose them.
 *
 * <p>A decided server answers LOOKING notifications with its decision, and stays decided
 * until {@link #lookForLeader} is called (in stage 04: when Zab loses its leader or quorum).
 */
public final class FastLeaderElection implements Node<Notification>, Snapshottable {

    private final ElectionConfig config;
    private final QuorumVerifier verifier;
    private final DecisionListener listener;
    private NodeContext<Notification> ctx;
    private int myId;

    private PeerState state = PeerState.LOOKING;
    /** The logical clock: the round of the election this server is in. */
    private long logicalClock;
    private Vote proposal;
    /** recvset: per sender, its latest notification of this round. */
    private final Map<Integer, Notification> received = new TreeMap<>();
    /** outofelection: per sender, its latest notification saying FOLLOWING or LEADING, any round. */
    private final Map<Integer, Notification> outOfElection = new TreeMap<>();
    private Decision decision;
    /** The last zxid and epoch of this server's log, read from the config when this round started. */
    private long lastZxid;
    private long currentEpoch;

    private TimerId finalizeTimer;
    private Vote finalizingVote;
    private long finalizingRound;
    private TimerId resendTimer;
    private long resendInterval;
    private long lastHeard;

    public FastLeaderElection(ElectionConfig config, DecisionListener listener) {
        this.config = config;
        this.verifier = config.verifier();
        this.listener = listener;
    }

    public FastLeaderElection(ElectionConfig config) {
        this(config, DecisionListener.NONE);
    }

    @Override
    public void start(NodeContext<Notification> context) {
        this.ctx = context;
        this.myId = context.id();
        if (!verifier.isMember(myId)) {
            throw new IllegalStateException("server " + myId + " is not in the ensemble (" + verifier + ")");
        }
        lookForLeader();
    }

    /**
     * Starts a new round: at boot, and whenever the server must elect again. It votes with its
     * log as it is now: the config's last zxid and epoch are read here.
     */
    public void lookForLeader() {
        lastZxid = config.lastZxid().getAsLong();
        currentEpoch = config.currentEpoch().getAsLong();
        logicalClock++;
        state = PeerState.LOOKING;
        decision = null;
        received.clear();
        outOfElection.clear();
        cancelFinalize();
        proposal = initialVote();
        recordOwnVote();
        ctx.trace("LOOKING round " + logicalClock + ", proposing " + proposal);
        sendNotifications();
        resendInterval = config.minNotificationInterval();
        lastHeard = ctx.now();
        setResendTimer(resendInterval); // one RESEND chain per server, however often it starts looking
        checkTermination(); // an ensemble of one decides alone
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void onMessage(int from, Notification n) {
        if (!accept(from, n)) {
            ctx.trace("ignored from " + from + ": " + n);
            return;
        }
        if (state != PeerState.LOOKING) {
            answerWhileDecided(from, n);
            return;
        }
        lastHeard = ctx.now();
        if (answeredNonVoter(from, n)) {
            return;
        }
        switch (n.state()) {
            case LOOKING -> {
                onLookingNotification(from, n);
                checkTermination();
            }
            case FOLLOWING, LEADING -> onEstablishedNotification(from, n);
            case OBSERVING -> {
                // an observer's decision carries no vote
            }
        }
    }

    /**
     * Is this a notification worth reading?
     *
     * <p>Hint (03.3): drop anything from a server that is not a member of the ensemble, a
     * notification without a state, one whose {@code sid} is not the server the network says
     * sent it, one with a round below 1, and a voter's notification that proposes a server
     * that is not a voter (it cannot be elected). Observers' notifications pass: they are
     * answered, not counted.
     */
    boolean accept(int from, Notification n) {
        // BEGIN SOLUTION 03.3
        if (n == null || n.state() == null || !verifier.isMember(from) || n.sid() != from || n.electionEpoch() < 1) {
            return false;
        }
        return !verifier.isVoter(from) || verifier.isVoter(n.leader());
        // END SOLUTION
    }

    /**
     * A LOOKING voter's notification, while we are LOOKING too: the heart of the election.
     *
     * <p>Hint (03.3): a higher round than ours means we are behind: take that round, forget
     * the votes received so far, propose the better of our own initial vote and the incoming
     * one, and tell every voter. A lower round is ignored, but the sender is lagging, so a
     * voter sends it our current notification (so it catches up; a non-voter does not: no
     * voter takes a round from it, and a voter and an observer answering each other's old
     * rounds would never stop). In our round, move to the incoming vote
     * if it {@link Vote#beats} our proposal and tell every voter. Then record the sender's
     * notification as its vote in this round, unless it is stale: a vote worse than the one
     * already recorded for that sender in this round (a sender only ever moves up within a
     * round, so a worse one is an old message overtaken by a newer). Use
     * {@link #updateProposal}, {@link #sendNotifications}, {@link #recordOwnVote}.
     */
    void onLookingNotification(int from, Notification n) {
        // BEGIN SOLUTION 03.3
        if (n.electionEpoch() > logicalClock) {
            logicalClock = n.electionEpoch();
            received.clear();
            updateProposal(initialVote().max(n.vote()));
            sendNotifications();
        } else if (n.electionEpoch() < logicalClock) {
            if (verifier.isVoter(myId)) {
                ctx.send(from, Notification.of(PeerState.LOOKING, proposal, logicalClock, myId));
            }
            return;
        } else if (n.vote().beats(proposal)) {
            updateProposal(n.vote());
            sendNotifications();
        }
        Notification recorded = received.get(from);
        if (recorded == null || recorded.state() != PeerState.LOOKING || !recorded.vote().beats(n.vote())) {
            received.put(from, n);
        }
        // END SOLUTION
    }

    /**
     * After every LOOKING notification (and at the start of a round): is it time to decide?
     *
     * <p>Hint (03.4): if the senders whose recorded vote equals our proposal (ourselves
     * included, see {@link #recordOwnVote}) hold a quorum, make sure a FINALIZE timer of
     * {@code finalizeWait} is running for this proposal in this round: keep one that is, start
     * one otherwise (a new proposal or round restarts the count). Without a quorum, cancel any
     * FINALIZE timer: the wait is over. Use {@link #supportersOf}, {@link #cancelFinalize} and
     * the fields {@code finalizeTimer}, {@code finalizingVote}, {@code finalizingRound}.
     */
    void checkTermination() {
        // BEGIN SOLUTION 03.4
        if (verifier.containsQuorum(supportersOf(received, proposal))) {
            if (finalizeTimer == null || !proposal.equals(finalizingVote) || finalizingRound != logicalClock) {
                cancelFinalize();
                finalizingVote = proposal;
                finalizingRound = logicalClock;
                finalizeTimer = ctx.setTimer(config.finalizeWait(), ElectionTimer.FINALIZE);
            }
        } else {
            cancelFinalize();
        }
        // STUB: return;
        // END SOLUTION
    }

    /**
     * The finalize wait is over and nothing better came.
     *
     * <p>Hint (03.4): if we are still LOOKING and a quorum still agrees with our proposal,
     * decide on it: LEADING if it names us, otherwise {@link #learnerState()}. The supporters
     * are the servers whose recorded vote equals the proposal. See {@link #decide}.
     */
    void onFinalizeTimer() {
        // BEGIN SOLUTION 03.4
        finalizeTimer = null;
        Set<Integer> supporters = supportersOf(received, proposal);
        if (state == PeerState.LOOKING && verifier.containsQuorum(supporters)) {
            decide(proposal.leader() == myId ? PeerState.LEADING : learnerState(), proposal, logicalClock, supporters, false);
        }
        // END SOLUTION
    }

    /**
     * We have decided and someone writes to us.
     *
     * <p>Hint (03.5): a LOOKING member is told our decision: our state, the vote we decided
     * on and the round we decided in. Answer nothing else (two decided servers answering each
     * other would never stop).
     */
    void answerWhileDecided(int from, Notification n) {
        // BEGIN SOLUTION 03.5
        if (n.state() == PeerState.LOOKING) {
            ctx.send(from, Notification.of(state, decision.vote(), decision.round(), myId));
        }
        // STUB: return;
        // END SOLUTION
    }

    /**
     * A FOLLOWING or LEADING voter writes while we are LOOKING: an election has ended, maybe
     * without us.
     *
     * <p>Hint (03.5): if it is from our round, record it like a vote and decide at once (no
     * finalize wait) if a quorum of recorded votes agrees with it and the leader checks out.
     * In any case keep it in {@code outOfElection}; if a quorum there reports the same leader
     * (same leader id and peerEpoch) and the leader checks out, join: take the leader's round
     * as ours and decide. The leader checks out if it is us and the round is ours, or else if
     * the leader's own notification (in the same map) says LEADING: followers alone may be
     * following a leader that is gone.
     */
    void onEstablishedNotification(int from, Notification n) {
        // BEGIN SOLUTION 03.5
        if (n.electionEpoch() == logicalClock) {
            received.put(from, n);
            Set<Integer> supporters = supportersOf(received, n.vote());
            if (verifier.containsQuorum(supporters) && leaderChecksOut(received, n.leader(), n.electionEpoch())) {
                decide(n.leader() == myId ? PeerState.LEADING : learnerState(), n.vote(), logicalClock, supporters, false);
                return;
            }
        }
        outOfElection.put(from, n);
        Set<Integer> reporting = new TreeSet<>();
        for (Notification other : outOfElection.values()) {
            if (other.leader() == n.leader() && other.peerEpoch() == n.peerEpoch()) {
                reporting.add(other.sid());
            }
        }
        Notification leaders = outOfElection.get(n.leader());
        long leaderRound = leaders == null ? n.electionEpoch() : leaders.electionEpoch();
        if (verifier.containsQuorum(reporting) && leaderChecksOut(outOfElection, n.leader(), leaderRound)) {
            logicalClock = leaderRound;
            decide(n.leader() == myId ? PeerState.LEADING : learnerState(), n.vote(), leaderRound, reporting, true);
        }
        // STUB: return;
        // END SOLUTION
    }

    private boolean leaderChecksOut(Map<Integer, Notification> votes, int leader, long round) {
        if (leader == myId) {
            return logicalClock == round;
        }
        Notification leaders = votes.get(leader);
        return leaders != null && leaders.state() == PeerState.LEADING;
    }

    // ------------------------------------------------------------------ timers

    @Override
    public void onTimer(TimerTag tag) {
        if (tag == ElectionTimer.FINALIZE) {
            onFinalizeTimer();
        } else if (tag == ElectionTimer.RESEND && state == PeerState.LOOKING) {
            onResendTimer();
        }
    }

    /**
     * The RESEND timer fired while we are LOOKING.
     *
     * <p>Hint (03.6): ZooKeeper waits for the next notification at most {@code resendInterval}
     * ms. If something was heard less than that ago ({@code lastHeard}), nothing is idle: set
     * the timer again for when the interval since {@code lastHeard} ends. Otherwise send our
     * notification to every voter again, double the interval (up to
     * {@code maxNotificationInterval}) and set the timer for the new interval. Set it with
     * {@link #setResendTimer}.
     */
    void onResendTimer() {
        // BEGIN SOLUTION 03.6
        long idle = ctx.now() - lastHeard;
        if (idle < resendInterval) {
            setResendTimer(resendInterval - idle);
            return;
        }
        sendNotifications();
        resendInterval = Math.min(resendInterval * 2, config.maxNotificationInterval());
        lastHeard = ctx.now();
        setResendTimer(resendInterval);
        // STUB: return;
        // END SOLUTION
    }

    // ------------------------------------------------------------------ observers

    /**
     * The vote a server starts each round with.
     *
     * <p>Hint (03.7): a voter proposes itself with its last zxid and current epoch (the
     * fields {@code lastZxid} and {@code currentEpoch}, read when the round started); a
     * non-voter proposes {@link Vote#NONE}, which every real vote beats.
     */
    Vote initialVote() {
        // BEGIN SOLUTION 03.7
        return verifier.isVoter(myId) ? new Vote(myId, lastZxid, currentEpoch) : Vote.NONE;
        // STUB: return new Vote(myId, lastZxid, currentEpoch);
        // END SOLUTION
    }

    /**
     * A notification from a non-voter (an observer looking for the leader).
     *
     * <p>Hint (03.7): a voter never counts an observer's vote, never adopts it and never
     * changes round for it; it answers a LOOKING observer with its own current notification
     * (observers get no broadcasts, so this is how they learn). Return true when the
     * notification was from a non-voter (and so is dealt with).
     */
    boolean answeredNonVoter(int from, Notification n) {
        // BEGIN SOLUTION 03.7
        if (verifier.isVoter(from)) {
            return false;
        }
        if (n.state() == PeerState.LOOKING) {
            ctx.send(from, Notification.of(PeerState.LOOKING, proposal, logicalClock, myId));
        }
        return true;
        // STUB: return false;
        // END SOLUTION
    }

    /**
     * What a server that is not the leader becomes.
     *
     * <p>Hint (03.7): FOLLOWING for a voter, OBSERVING for an observer.
     */
    PeerState learnerState() {
        // BEGIN SOLUTION 03.7
        return verifier.isVoter(myId) ? PeerState.FOLLOWING : PeerState.OBSERVING;
        // STUB: return PeerState.FOLLOWING;
        // END SOLUTION
    }

    // ------------------------------------------------------------------ helpers

    /** Moves to a new proposal and records it as our own vote. */
    void updateProposal(Vote vote) {
        proposal = vote;
        recordOwnVote();
    }

    /** Our own vote counts like anyone's, if we vote. */
    void recordOwnVote() {
        if (verifier.isVoter(myId)) {
            received.put(myId, Notification.of(PeerState.LOOKING, proposal, logicalClock, myId));
        }
    }

    /** Sends our current notification to every voter but ourselves (observers get none). */
    void sendNotifications() {
        Notification mine = Notification.of(PeerState.LOOKING, proposal, logicalClock, myId);
        for (int voter : verifier.voters()) {
            if (voter != myId) {
                ctx.send(voter, mine);
            }
        }
    }

    /** The senders whose recorded notification carries {@code vote}. */
    static Set<Integer> supportersOf(Map<Integer, Notification> votes, Vote vote) {
        Set<Integer> ids = new TreeSet<>();
        for (Map.Entry<Integer, Notification> entry : votes.entrySet()) {
            if (entry.getValue().vote().equals(vote)) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    /** Sets the RESEND timer, replacing the pending one: a server has one re-send schedule. */
    void setResendTimer(long delayMillis) {
        if (resendTimer != null) {
            ctx.cancelTimer(resendTimer);
        }
        resendTimer = ctx.setTimer(delayMillis, ElectionTimer.RESEND);
    }

    void cancelFinalize() {
        if (finalizeTimer != null) {
            ctx.cancelTimer(finalizeTimer);
            finalizeTimer = null;
        }
        finalizingVote = null;
    }

    void decide(PeerState outcome, Vote vote, long round, Set<Integer> supporters, boolean joined) {
        cancelFinalize();
        state = outcome;
        proposal = vote;
        decision = new Decision(myId, outcome, vote, round, supporters, joined);
        ctx.trace(outcome + " " + vote + " in round " + round + (joined ? " (joined)" : "") + ", supporters " + supporters);
        listener.decided(decision);
    }

    // ------------------------------------------------------------------ what tests and the status page see

    public PeerState state() {
        return state;
    }

    /** The round (logical clock). */
    public long round() {
        return logicalClock;
    }

    /** The vote proposed now (while LOOKING) or decided on. */
    public Vote proposal() {
        return proposal;
    }

    /**
     * The leader this server decided for took it into a new epoch (ZooKeeper's {@code
     * updateElectionVote}, ZOOKEEPER-1732): from now on LOOKING servers are told that epoch. A
     * leader and its followers then report the same (leader, epoch), whatever each saw of the
     * leader when it voted, and a server that joins late can count them as one ensemble.
     */
    public void updateElectionVote(long epoch) {
        if (decision != null) {
            Vote vote = decision.vote();
            decision = new Decision(decision.sid(), decision.state(), new Vote(vote.leader(), vote.zxid(), epoch),
                    decision.round(), decision.supporters(), decision.joined());
        }
    }

    /** The decision of the current round, or null while LOOKING. */
    public Decision decision() {
        return decision;
    }

    /** The votes recorded in this round, by sender. */
    public Map<Integer, Vote> receivedVotes() {
        Map<Integer, Vote> votes = new TreeMap<>();
        received.forEach((sid, n) -> votes.put(sid, n.vote()));
        return votes;
    }

    /** The current re-send interval in ms. */
    public long resendInterval() {
        return resendInterval;
    }

    public ElectionConfig config() {
        return config;
    }

    /** The state as a value, for the search tests (see {@link ElectionSnapshot}). */
    @Override
    public ElectionSnapshot snapshot() {
        return new ElectionSnapshot(state, logicalClock, proposal, received, outOfElection, decision,
                finalizeTimer == null ? null : finalizingVote, finalizeTimer == null ? 0 : finalizingRound,
                resendInterval, ctx == null ? 0 : ctx.now() - lastHeard, lastZxid, currentEpoch); // no context: not started yet
    }

    @Override
    public String toString() {
        return "FLE[" + myId + " " + state + " r" + logicalClock + " " + proposal + "]";
    }
}
