package dev.minizk.replica;

import dev.minizk.election.Decision;
import dev.minizk.election.ElectionConfig;
import dev.minizk.election.ElectionTimer;
import dev.minizk.election.FastLeaderElection;
import dev.minizk.election.Notification;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.Node;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.Snapshottable;
import dev.minizk.sim.Storage;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerId;
import dev.minizk.sim.TimerTag;
import dev.minizk.zab.Follower;
import dev.minizk.zab.History;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.Observer;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ReplicatedState;
import dev.minizk.zab.Role;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.ZabConfig;
import dev.minizk.zab.ZabContext;
import dev.minizk.zab.ZabEvents;

import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * One server of a replicated ensemble (ZooKeeper's {@code QuorumPeer}): stage 03's election and
 * Zab's roles on one set of peer links. LOOKING runs fast leader election with the server's
 * live (current epoch, last logged zxid); the decision starts a {@link Leader}, {@link Follower}
 * or {@link Observer}; when the role ends (leader silent, quorum lost, older epoch, broken
 * connection) the server looks for a leader again.
 *
 * <p>What survives a crash is the {@link Persistence}'s business. In this stage nothing does
 * ({@link Persistence#inMemory()}): the history, {@code acceptedEpoch} and {@code currentEpoch}
 * live in memory and a restarted server comes back empty, which is safe only while no server of
 * a quorum that acked something forgets it. Stage 05 writes the log and the two epochs to disk
 * before they are used.
 */
public final class Replica implements Node<PeerMessage>, ZabContext, Snapshottable {
    private final QuorumVerifier verifier;
    private final ZabConfig config;
    private final ReplicatedState state;
    private final ZabEvents events;
    private final Persistence persistence;

    private NodeContext<PeerMessage> ctx;
    private History history;
    private FastLeaderElection election;
    private Role role;
    private long acceptedEpoch;
    private long currentEpoch;
    /** Per epoch, the leader this server saw established (acked its NEWLEADER, or was it). */
    private final Map<Long, Integer> establishedLeaders = new TreeMap<>();
    /** The server's client-facing side, when it has one ({@link ReplicaNode}); Zab's own tests run without. */
    private ClientSide clients = ClientSide.NONE;

    public Replica(QuorumVerifier verifier, ZabConfig config, ReplicatedState state, ZabEvents events) {
        this(verifier, config, state, events, Persistence.inMemory());
    }

    public Replica(QuorumVerifier verifier, ZabConfig config, ReplicatedState state, ZabEvents events, Persistence persistence) {
        this.verifier = verifier;
        this.config = config;
        this.state = state;
        this.events = events;
        this.persistence = persistence;
    }

    /** Called once, before {@link #start}, by the server that puts clients on this replica. */
    void serveClients(ClientSide side) {
        if (clients != ClientSide.NONE) {
            throw new IllegalStateException("server " + id() + " serves clients already");
        }
        clients = side;
    }

    @Override
    public void start(NodeContext<PeerMessage> context) {
        this.ctx = context;
        Persistence.Recovered recovered = persistence.recover(context, state);
        this.acceptedEpoch = recovered.acceptedEpoch();
        this.currentEpoch = recovered.currentEpoch();
        this.history = new History(context.id(), state, events, recovered.log(), recovered.committed(), recovered.uncommitted());
        events.started(context.id());
        if (state.lastDeliveredZxid() > 0) { // the disk brought a state back: it counts as a snapshot installed
            events.snapshotInstalled(context.id(), state.lastDeliveredZxid());
        }
        this.role = new Looking(this);
        this.election = new FastLeaderElection(
                ElectionConfig.of(verifier, history::lastLoggedZxid, this::currentEpoch), this::decided);
        ctx.setTimer(config.tickMillis(), ReplicaTimer.TICK);
        election.start(new ElectionLink());
    }

    @Override
    public void onMessage(int from, PeerMessage message) {
        if (message instanceof PeerMessage.Election vote) {
            election.onMessage(from, vote.notification());
        } else if (message instanceof PeerMessage.Request || message instanceof PeerMessage.Sync) {
            clients.onClientTraffic(from, message); // clients' traffic: the client-facing side checks it comes from its peer
        } else {
            if (message instanceof PeerMessage.Ping ping && !ping.sessions().isEmpty() && role instanceof Leader) {
                clients.touchSessions(from, ping.sessions());
            }
            role.onMessage(from, message);
        }
    }

    /** The election needs no connection (its notifications are idempotent); the role may. */
    @Override
    public void onPeerLinkBroken(int peer) {
        role.onPeerLinkBroken(peer);
    }

    @Override
    public void onTimer(TimerTag tag) {
        if (tag instanceof ElectionTimer) {
            election.onTimer(tag);
        } else if (tag == ReplicaTimer.TICK) {
            ctx.setTimer(config.tickMillis(), ReplicaTimer.TICK);
            role.onTick();
        } else if (!persistence.onTimer(tag)) {
            throw new IllegalArgumentException("unknown timer " + tag);
        }
    }

    @Override
    public void onSyncCompleted(SyncId sync) {
        persistence.onSyncCompleted(sync);
    }

    /** The election decided: take the role it says. */
    private void decided(Decision decision) {
        events.electionDecided(ctx.id(), decision);
        int leader = decision.vote().leader();
        Role next = switch (decision.state()) {
            case LEADING -> new Leader(this, decision.round());
            case FOLLOWING -> new Follower(this, leader, decision.round());
            case OBSERVING -> new Observer(this, leader, decision.round());
            case LOOKING -> throw new IllegalStateException("an election decided LOOKING: " + decision);
        };
        become(next, "elected " + leader + " in round " + decision.round());
    }

    private void become(Role next, String why) {
        role = next;
        clients.roleChanged(next);
        ctx.trace(next.name() + ": " + why);
        events.roleChanged(ctx.id(), next.name(), why);
        next.start();
    }

    @Override
    public void roleEnded(Role ended, String why) {
        if (ended != role) {
            return; // a role that ended already cannot end twice
        }
        become(new Looking(this), why);
        election.lookForLeader();
    }

    // ------------------------------------------------------------------ ZabContext

    @Override
    public int id() {
        return ctx.id();
    }

    @Override
    public void send(int to, PeerMessage message) {
        if (message instanceof PeerMessage.Ping ping && role instanceof Learner) {
            message = ping.withSessions(clients.drainTouchedSessions()); // ZooKeeper's learner writes its touch table into PING
        }
        ctx.send(to, message);
    }

    /** The server's clock (for the txns its leader stamps). */
    public long now() {
        return ctx.now();
    }

    @Override
    public void trace(String what) {
        ctx.trace(what);
    }

    @Override
    public QuorumVerifier verifier() {
        return verifier;
    }

    @Override
    public ZabConfig config() {
        return config;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public ZabEvents events() {
        return events;
    }

    @Override
    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    @Override
    public void setAcceptedEpoch(long epoch) {
        if (epoch < acceptedEpoch) {
            throw new IllegalStateException("server " + id() + ": accepted epoch would go back from " + acceptedEpoch + " to " + epoch);
        }
        persistence.saveAcceptedEpoch(epoch); // the file first, then memory (ZOOKEEPER-2307)
        acceptedEpoch = epoch;
    }

    @Override
    public long currentEpoch() {
        return currentEpoch;
    }

    @Override
    public void setCurrentEpoch(long epoch) {
        if (epoch < currentEpoch || epoch > acceptedEpoch) {
            throw new IllegalStateException("server " + id() + ": current epoch " + epoch + " must lie between the current "
                    + currentEpoch + " and the accepted " + acceptedEpoch);
        }
        persistence.saveCurrentEpoch(epoch);
        currentEpoch = epoch;
        election.updateElectionVote(epoch);
    }

    @Override
    public SyncPlan.Policy syncPolicy() {
        return persistence.syncPolicy();
    }

    @Override
    public void whenLogged(Role by, Runnable action) {
        history.whenDurable(() -> {
            if (role == by) {
                action.run();
            }
        });
    }

    @Override
    public void noteEstablished(long epoch, int leader) {
        Integer earlier = establishedLeaders.putIfAbsent(epoch, leader);
        if (earlier != null && earlier != leader) {
            throw new IllegalStateException("server " + id() + " saw two leaders established in epoch " + epoch
                    + ": " + earlier + " and " + leader);
        }
    }

    // ------------------------------------------------------------------ what tests and the status page see

    /** LOOKING, LEADING, FOLLOWING or OBSERVING. */
    public Role role() {
        return role;
    }

    /** The leader role, if this server leads now. */
    public Optional<Leader> leader() {
        return role instanceof Leader leader ? Optional.of(leader) : Optional.empty();
    }

    public FastLeaderElection election() {
        return election;
    }

    /** The state as a value, for the search tests (see {@link ReplicaSnapshot}). */
    @Override
    public ReplicaSnapshot snapshot() {
        if (role == null) {
            return ReplicaSnapshot.NOT_STARTED;
        }
        return ReplicaSnapshot.of(role.snapshot(), acceptedEpoch, currentEpoch, establishedLeaders, history, election.snapshot());
    }

    @Override
    public String toString() {
        return "Replica[" + (ctx == null ? "?" : ctx.id()) + " " + role + " accepted e" + acceptedEpoch
                + " current e" + currentEpoch + " " + history + ", " + election + "]";
    }

    /** The election's view of the world: the same links, its notifications wrapped as peer messages. */
    private final class ElectionLink implements NodeContext<Notification> {
        @Override
        public int id() {
            return ctx.id();
        }

        @Override
        public long now() {
            return ctx.now();
        }

        @Override
        public void send(int to, Notification message) {
            ctx.send(to, new PeerMessage.Election(message));
        }

        @Override
        public TimerId setTimer(long delayMillis, TimerTag tag) {
            return ctx.setTimer(delayMillis, tag);
        }

        @Override
        public void cancelTimer(TimerId timer) {
            ctx.cancelTimer(timer);
        }

        @Override
        public Storage storage() {
            return ctx.storage();
        }

        @Override
        public Random random() {
            return ctx.random();
        }

        @Override
        public void trace(String what) {
            ctx.trace(what);
        }
    }
}
