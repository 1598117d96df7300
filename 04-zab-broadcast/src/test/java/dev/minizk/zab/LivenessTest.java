package dev.minizk.zab;

import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.minizk.zab.Scripts.FIVE;
import static dev.minizk.zab.Scripts.LEADER;
import static dev.minizk.zab.Scripts.THREE;
import static dev.minizk.zab.Scripts.establishedLeader;
import static dev.minizk.zab.Scripts.servingFollower;
import static dev.minizk.zab.Scripts.txn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 04.8: liveness. The leader pings its learners every tick and steps down when it has not
 * heard a quorum within {@code syncLimit} ticks; a learner gives up on a silent leader, and
 * either side gives up on a discovery that takes longer than {@code initLimit}. Pings also
 * reveal a message lost on the way (the simulator's links drop silently; TCP would not).
 * The simulated timings: initLimit 10 ticks, syncLimit 5.
 */
class LivenessTest {

    @Test
    @Tag("04.8")
    void an_established_leader_pings_every_learner_in_its_forwarding_set_each_tick() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2, 4);
        leader.onMessage(5, new PeerMessage.FollowerInfo(0, 0, 1)); // still connecting
        leader.propose(txn(Zxid.of(1, 1)));
        ctx.sent.clear();
        leader.onTick();
        for (int follower : new int[] {1, 2, 4}) {
            assertThat(ctx.sentTo(follower)).as("to %d", follower).containsExactly(new PeerMessage.Ping(Zxid.of(1, 1), 0));
        }
        assertThat(ctx.sentTo(5)).isEmpty();
        leader.onTick();
        assertThat(ctx.sentTo(1)).hasSize(2);
        assertThat(ctx.endedBecause).isNull();
    }

    @Test
    @Tag("04.8")
    void a_leader_not_established_within_init_limit_gives_up() {
        ScriptedContext ctx = new ScriptedContext(LEADER, THREE);
        Leader leader = new Leader(ctx, 1);
        leader.start();
        leader.onMessage(1, new PeerMessage.FollowerInfo(0, 0, 1)); // connects, then falls silent
        for (int tick = 1; tick <= 10; tick++) {
            leader.onTick();
        }
        assertThat(ctx.endedBecause).isNull();
        leader.onTick();
        assertThat(ctx.endedBecause).contains("initLimit");
    }

    @Test
    @Tag("04.8")
    void a_leader_drops_a_silent_follower_and_steps_down_once_it_hears_no_quorum_within_sync_limit() {
        ScriptedContext ctx = new ScriptedContext(LEADER, THREE);
        Leader leader = establishedLeader(ctx, 1, 2);
        for (int tick = 1; tick <= 8; tick++) {
            leader.onTick();
            leader.onMessage(1, new PeerMessage.Ping(0, 0)); // 1 answers, 2 is silent
        }
        assertThat(leader.learners()).containsOnlyKeys(1);
        assertThat(ctx.endedBecause).as("{3, 1} is a quorum").isNull();

        for (int tick = 1; tick <= 5; tick++) {
            leader.onTick();
        }
        assertThat(ctx.endedBecause).isNull();
        leader.onTick(); // 1 silent for 6 ticks
        assertThat(ctx.endedBecause).contains("lost its quorum");
    }

    @Test
    @Tag("04.8")
    void a_follower_gives_up_on_a_leader_silent_for_more_than_sync_limit_ticks() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        for (int tick = 1; tick <= 20; tick++) {
            follower.onTick();
            follower.onMessage(LEADER, new PeerMessage.Ping(0, 0));
        }
        assertThat(ctx.endedBecause).as("pinged every tick").isNull();
        for (int tick = 1; tick <= 5; tick++) {
            follower.onTick();
        }
        assertThat(ctx.endedBecause).isNull();
        follower.onTick();
        assertThat(ctx.endedBecause).contains("silent");
    }

    @Test
    @Tag("04.8")
    void a_follower_not_up_to_date_within_init_limit_gives_up_however_chatty_the_leader() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = new Follower(ctx, LEADER, 1);
        follower.start();
        follower.onMessage(LEADER, new PeerMessage.LeaderInfo(1));
        follower.onMessage(LEADER, new PeerMessage.Snap(new byte[0], 0)); // and then NEWLEADER is lost
        for (int tick = 1; tick <= 10; tick++) {
            follower.onTick();
            follower.onMessage(LEADER, new PeerMessage.Ping(0, 0));
        }
        assertThat(ctx.endedBecause).isNull();
        follower.onTick();
        assertThat(ctx.endedBecause).contains("initLimit");
    }

    @Test
    @Tag("04.8")
    void a_follower_answers_a_ping_with_its_own_zxids_and_breaks_when_the_ping_shows_a_lost_proposal() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 2))));
        follower.onMessage(LEADER, new PeerMessage.Commit(Zxid.of(1, 1)));
        ctx.sent.clear();
        follower.onMessage(LEADER, new PeerMessage.Ping(Zxid.of(1, 2), Zxid.of(1, 1)));
        assertThat(ctx.sentTo(LEADER)).containsExactly(new PeerMessage.Ping(Zxid.of(1, 2), Zxid.of(1, 1)));
        assertThat(ctx.endedBecause).isNull();

        follower.onMessage(LEADER, new PeerMessage.Ping(Zxid.of(1, 3), Zxid.of(1, 1))); // PROPOSAL 0x1_3 was lost
        assertThat(ctx.endedBecause).contains("broken");
        assertThat(ctx.sentTo(LEADER)).hasSize(1);
    }

    @Test
    @Tag("04.8")
    void a_follower_breaks_when_a_ping_shows_a_lost_commit() {
        ScriptedContext ctx = new ScriptedContext(1, THREE);
        Follower follower = servingFollower(ctx);
        follower.onMessage(LEADER, new PeerMessage.Proposal(txn(Zxid.of(1, 1))));
        follower.onMessage(LEADER, new PeerMessage.Ping(Zxid.of(1, 1), Zxid.of(1, 1))); // COMMIT 0x1_1 was lost
        assertThat(ctx.endedBecause).contains("broken");
    }

    @Test
    @Tag("04.8")
    void a_leader_drops_a_follower_whose_ping_shows_it_logged_a_proposal_whose_ack_was_lost() {
        ScriptedContext ctx = new ScriptedContext(LEADER, FIVE);
        Leader leader = establishedLeader(ctx, 1, 2);
        leader.propose(txn(Zxid.of(1, 1)));
        leader.onMessage(2, new PeerMessage.Ack(Zxid.of(1, 1)));
        leader.onMessage(2, new PeerMessage.Ping(Zxid.of(1, 1), 0));
        leader.onMessage(1, new PeerMessage.Ping(0, 0)); // not logged yet: nothing is missing
        assertThat(leader.learners()).containsOnlyKeys(1, 2);
        leader.onMessage(1, new PeerMessage.Ping(Zxid.of(1, 1), 0)); // logged, and its ACK never came
        assertThat(leader.learners()).containsOnlyKeys(2);
    }
}
