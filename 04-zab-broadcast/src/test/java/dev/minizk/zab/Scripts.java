package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.tree.Acl;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.txn.Zxid;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles driven by hand through discovery and synchronization, so that the tests of a later task
 * start from a leader or a follower that is already serving. Server 3 leads in every script,
 * elected in round 1, with epoch 1.
 */
final class Scripts {
    static final QuorumVerifier THREE = QuorumVerifier.majorityOf(3);
    static final QuorumVerifier FIVE = QuorumVerifier.majorityOf(5);
    static final int LEADER = 3;

    private Scripts() {
    }

    /** A create of {@code /n<counter>} with this zxid. */
    static LoggedTxn txn(long zxid) {
        return new LoggedTxn(new TxnHeader(1, (int) Zxid.counterOf(zxid), zxid, 0),
                new Txn.Create("/n" + Zxid.counterOf(zxid), new byte[0], Acl.OPEN_ACL_UNSAFE, false, 0));
    }

    /**
     * Leader 3, established in epoch 1 with {@code followers}: each connects, acks the epoch and
     * acks NEWLEADER (so each is serving, with no ACK due).
     */
    static Leader establishedLeader(ScriptedContext ctx, int... followers) {
        Leader leader = new Leader(ctx, 1);
        leader.start();
        for (int follower : followers) {
            leader.onMessage(follower, new PeerMessage.FollowerInfo(0, 0, 1));
        }
        for (int follower : followers) {
            leader.onMessage(follower, new PeerMessage.AckEpoch(0, 0));
        }
        for (int follower : followers) {
            leader.onMessage(follower, new PeerMessage.Ack(Zxid.of(1, 0)));
        }
        assertThat(leader.isEstablished()).as("leader established in epoch 1 with %s", followers.length).isTrue();
        assertThat(leader.epoch()).isEqualTo(1);
        ctx.sent.clear();
        return leader;
    }

    /** Observer {@code id} connects to an established leader and is synchronized and serving. */
    static void connectObserver(ScriptedContext ctx, Leader leader, int id) {
        leader.onMessage(id, new PeerMessage.ObserverInfo(0, 0, 1));
        leader.onMessage(id, new PeerMessage.AckEpoch(0, 0));
        leader.onMessage(id, new PeerMessage.Ack(Zxid.of(leader.epoch(), 0)));
        assertThat(leader.learners()).containsEntry(id, "SERVING");
        ctx.sent.clear();
    }

    /** Follower 1 of leader 3 through discovery and synchronization (an empty snapshot) into epoch 1, serving. */
    static Follower servingFollower(ScriptedContext ctx) {
        Follower follower = new Follower(ctx, LEADER, 1);
        follower.start();
        follower.onMessage(LEADER, new PeerMessage.LeaderInfo(1));
        follower.onMessage(LEADER, new PeerMessage.Snap(new byte[0], 0));
        follower.onMessage(LEADER, new PeerMessage.NewLeader(Zxid.of(1, 0)));
        follower.onMessage(LEADER, new PeerMessage.UpToDate(0));
        assertThat(follower.isServing()).isTrue();
        assertThat(ctx.currentEpoch).isEqualTo(1);
        ctx.sent.clear();
        return follower;
    }
}
