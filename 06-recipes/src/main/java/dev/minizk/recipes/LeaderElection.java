package dev.minizk.recipes;

import dev.minizk.client.ZkClient;
import dev.minizk.proto.KeeperState;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Leader election (Curator's {@code LeaderLatch} layout): each participant creates an
 * EPHEMERAL_SEQUENTIAL node {@code path/_c_<guid>-latch-NNNNNNNNNN} holding its id; the lowest
 * sequence leads, every other participant watches its predecessor. {@link #close} deletes the
 * node and so hands leadership to the next participant.
 *
 * <p>A leader stops acting as soon as its connection is lost (Curator's default: SUSPENDED is an
 * error state): while disconnected it cannot know whether its session is still alive, and if it
 * expired, another participant may lead already. It leads again after a reconnect if its node
 * is still the lowest. On expiry it is told {@code notLeader} and the election object is done.
 */
public final class LeaderElection {
    /** Curator's latch node name ({@code LeaderLatch.LOCK_NAME}). */
    public static final String LATCH_NAME = "latch-";

    /** What a participant hears: each is called on the client's event thread, in order. */
    public interface Listener {
        void isLeader();

        void notLeader();
    }

    public enum State { LATENT, STARTED, CLOSED }

    private final ZkClient client;
    private final SessionEvents session;
    private final String path;
    private final String participantId;
    private final String guid;
    private final Listener listener;
    private final Consumer<KeeperState> onSessionState = this::sessionState;
    private State state = State.LATENT;
    private String ownName;
    private boolean leader;
    private boolean connected = true;

    public LeaderElection(ZkClient client, SessionEvents session, String path, String participantId,
                          Supplier<String> guids, Listener listener) {
        this.client = Objects.requireNonNull(client, "client must not be null");
        this.session = Objects.requireNonNull(session, "session must not be null");
        this.path = ExclusiveLock.requireLockPath(path);
        this.participantId = Objects.requireNonNull(participantId, "participantId must not be null");
        this.guid = guids.get();
        this.listener = Objects.requireNonNull(listener, "listener must not be null");
    }

    /** Joins the election. */
    public void start() {
        if (state != State.LATENT) {
            throw new IllegalStateException("an election object starts once; this one is " + state);
        }
        state = State.STARTED;
        session.onState(onSessionState);
        ProtectedCreate.create(client, path, guid, LATCH_NAME, participantId.getBytes(StandardCharsets.UTF_8),
                CreateMode.EPHEMERAL_SEQUENTIAL).whenComplete((created, failure) -> {
                    if (failure != null) {
                        close();
                    } else if (state != State.STARTED) {
                        Deletes.deleteSurely(client, created.path()); // closed meanwhile
                    } else {
                        ownName = created.path().substring(path.length() + 1);
                        checkLeadership();
                    }
                });
    }

    private void checkLeadership() {
        if (state != State.STARTED || ownName == null) {
            return;
        }
        // BEGIN SOLUTION 06.4
        client.getChildrenAsync(path, false).whenComplete((children, failure) -> {
            if (failure != null) {
                if (Outcomes.isConnectionLoss(failure)) {
                    checkLeadership();
                } else {
                    close();
                }
                return;
            }
            if (state != State.STARTED) {
                return;
            }
            List<String> sorted = LockNodes.sorted(children, LATCH_NAME);
            if (!sorted.contains(ownName)) {
                close(); // our node was deleted under us: we are out of the election
                return;
            }
            Optional<String> predecessor = LockNodes.predecessor(sorted, ownName);
            if (predecessor.isEmpty()) {
                setLeader(connected);
                return;
            }
            setLeader(false);
            client.getDataAsync(path + "/" + predecessor.get(), NodeWatcher.onChange(this::checkLeadership))
                    .whenComplete((data, watchFailure) -> {
                        if (watchFailure != null && (Outcomes.codeOf(watchFailure) == ErrorCode.NONODE
                                || Outcomes.isConnectionLoss(watchFailure))) {
                            checkLeadership();
                        }
                    });
        });
        // END SOLUTION
    }

    private void sessionState(KeeperState newState) {
        // BEGIN SOLUTION 06.4
        switch (newState) {
            case DISCONNECTED -> {
                connected = false;
                setLeader(false); // cannot know whether the session lives: stop acting
            }
            case SYNC_CONNECTED, CONNECTED_READ_ONLY -> {
                connected = true;
                checkLeadership();
            }
            case EXPIRED, CLOSED, AUTH_FAILED -> close();
        }
        // END SOLUTION
    }

    private void setLeader(boolean now) {
        if (now == leader) {
            return;
        }
        leader = now;
        if (now) {
            listener.isLeader();
        } else {
            listener.notLeader();
        }
    }

    /** Leaves the election: a leader hands leadership to the next participant by deleting its node. */
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        session.removeState(onSessionState);
        setLeader(false);
        if (ownName != null) {
            Deletes.deleteSurely(client, path + "/" + ownName);
        }
    }

    public boolean hasLeadership() {
        return leader;
    }

    public State state() {
        return state;
    }

    /** The latch node's name once created, e.g. {@code _c_…-latch-0000000002}; null before. */
    public String nodeName() {
        return ownName;
    }

    public String participantId() {
        return participantId;
    }

    @Override
    public String toString() {
        return "LeaderElection[" + path + ", " + participantId + (leader ? ", leader" : "") + ", " + state + "]";
    }
}
