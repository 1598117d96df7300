package dev.minizk.election;

/** What a server is doing, as ZooKeeper's {@code QuorumPeer.ServerState}; the ordinal is the wire code. */
public enum PeerState {
    /** Electing a leader. */
    LOOKING,
    /** Following the leader it elected or joined. */
    FOLLOWING,
    /** Elected leader. */
    LEADING,
    /** A non-voting member that learned who leads. */
    OBSERVING
}
