package dev.minizk.zab;

import dev.minizk.election.Decision;
import dev.minizk.txn.LoggedTxn;

import java.util.Set;

/**
 * What Zab tells the world besides its messages: the moments a checker of Zab's properties
 * records (zk-reference §3.6), and a status page or a notebook shows. Every method has an empty
 * default, so a listener names only what it wants.
 */
public interface ZabEvents {
    ZabEvents NONE = new ZabEvents() {
    };

    /** A replica started with an empty history (at boot, and after every restart in this stage). */
    default void started(int server) {
    }

    /** A quorum ({@code ackers}, the leader included) acked the NEWLEADER of {@code leader} in {@code epoch}. */
    default void established(long epoch, int leader, long historyZxid, Set<Integer> ackers) {
    }

    default void proposed(int leader, LoggedTxn txn) {
    }

    /** The leader sends COMMIT for {@code zxid}, having counted {@code ackers} (its own ack included). */
    default void committed(int leader, long zxid, Set<Integer> ackers) {
    }

    /** A server applied a committed txn. */
    default void delivered(int server, LoggedTxn txn) {
    }

    /** A server replaced its state by the leader's snapshot at {@code zxid}. */
    default void snapshotInstalled(int server, long zxid) {
    }

    /** A server's election decided (before it takes the role): what a check of election rounds records ({@code election.RoundSplits}). */
    default void electionDecided(int server, Decision decision) {
    }

    /** A server took a role: LEADING, FOLLOWING, OBSERVING or LOOKING, with why it left the last one. */
    default void roleChanged(int server, String role, String why) {
    }
}
