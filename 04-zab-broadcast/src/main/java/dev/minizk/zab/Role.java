package dev.minizk.zab;

/**
 * What a replica is doing right now: looking for a leader, leading, following or observing.
 * Each role is a small object with its own step function (in the style of etcd's raft); the
 * replica swaps one for another on a transition, so no method asks "which state am I in?".
 * A role ends by calling {@link ZabContext#roleEnded}; the replica then looks for a leader again.
 */
public interface Role {

    /** The role begins (the election just decided). */
    void start();

    /** A Zab message (never an election notification: those go to the election). */
    void onMessage(int from, PeerMessage message);

    /**
     * The connection to {@code peer} broke: what was in flight on it is lost (both ways). Zab
     * runs over TCP and takes its order for granted, so a role that depended on that connection
     * gives it up at once instead of waiting for a timeout.
     */
    default void onPeerLinkBroken(int peer) {
    }

    /** One tick of {@link ZabConfig#tickMillis} passed: count silences, send pings. */
    void onTick();

    /** LEADING, FOLLOWING, OBSERVING or LOOKING: ZooKeeper's name of the server's state. */
    String name();

    /**
     * The role's state as a value: every field that decides what it does next, ticks only where
     * they count (see {@link dev.minizk.sim.Snapshottable}). What the search tests compare.
     */
    Object snapshot();
}
