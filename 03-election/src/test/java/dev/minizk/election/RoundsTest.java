package dev.minizk.election;

import dev.minizk.sim.RecordingNode;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.txn.Zxid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.minizk.election.PeerState.FOLLOWING;
import static dev.minizk.election.PeerState.LOOKING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task 03.3: rounds, adopting better votes, per-sender records, and bad input. Server 1 is
 * real; servers 2 and 3 are played by hand: the test writes their notifications and reads
 * what server 1 sends them.
 */
class RoundsTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private static final long MY_ZXID = Zxid.of(1, 5);
    private final Ensemble ensemble = new Ensemble(QuorumVerifier.majorityOf(3));
    private RecordingNode<Notification> two;
    private RecordingNode<Notification> three;

    @BeforeEach
    void startServerOneAlone() {
        trace.watch(ensemble.sim);
        two = ensemble.scriptedPeer(2);
        three = ensemble.scriptedPeer(3);
        ensemble.server(1, MY_ZXID);
        ensemble.sim.runFor(10); // its first notifications arrive
        assertThat(three.messages()).containsExactly(Notification.of(LOOKING, new Vote(1, MY_ZXID, 1), 1, 1));
        two.clear();
        three.clear();
    }

    private static Notification looking(long round, int leader, long zxid, int sid) {
        return new Notification(LOOKING, leader, zxid, round, Zxid.epochOf(zxid), sid);
    }

    private FastLeaderElection one() {
        return ensemble.fle(1);
    }

    @Test
    @Tag("03.3")
    void a_better_vote_in_our_round_is_adopted_recorded_and_sent_to_every_voter() {
        ensemble.inject(2, 1, looking(1, 2, Zxid.of(1, 9), 2));
        ensemble.sim.runFor(10);

        Vote two = new Vote(2, Zxid.of(1, 9), 1);
        assertThat(one().proposal()).isEqualTo(two);
        assertThat(one().receivedVotes()).isEqualTo(Map.of(1, two, 2, two));
        assertThat(three.messages()).containsExactly(Notification.of(LOOKING, two, 1, 1));
        assertThat(this.two.messages()).containsExactly(Notification.of(LOOKING, two, 1, 1));
    }

    @Test
    @Tag("03.3")
    void a_worse_vote_in_our_round_is_recorded_and_changes_nothing_else() {
        ensemble.inject(3, 1, looking(1, 3, Zxid.of(1, 2), 3));
        ensemble.sim.runFor(10);

        Vote mine = new Vote(1, MY_ZXID, 1);
        assertThat(one().proposal()).isEqualTo(mine);
        assertThat(one().receivedVotes()).isEqualTo(Map.of(1, mine, 3, new Vote(3, Zxid.of(1, 2), 1)));
        assertThat(two.messages()).isEmpty();
        assertThat(three.messages()).isEmpty();
    }

    @Test
    @Tag("03.3")
    void a_higher_round_is_joined_old_votes_are_forgotten_and_our_own_vote_is_picked_again_if_better() {
        ensemble.inject(2, 1, looking(1, 2, Zxid.of(1, 9), 2)); // we move to 2's vote in round 1
        ensemble.sim.runFor(10);
        two.clear();
        three.clear();

        ensemble.inject(3, 1, looking(4, 3, Zxid.of(1, 1), 3)); // round 4, with a vote worse than our own
        ensemble.sim.runFor(10);

        Vote mine = new Vote(1, MY_ZXID, 1);
        assertThat(one().round()).isEqualTo(4);
        assertThat(one().proposal()).as("the better of our initial vote and the incoming one, not 2's old vote").isEqualTo(mine);
        assertThat(one().receivedVotes()).isEqualTo(Map.of(1, mine, 3, new Vote(3, Zxid.of(1, 1), 1)));
        assertThat(two.messages()).containsExactly(Notification.of(LOOKING, mine, 4, 1));
        assertThat(three.messages()).containsExactly(Notification.of(LOOKING, mine, 4, 1));
    }

    @Test
    @Tag("03.3")
    void a_higher_round_with_a_better_vote_adopts_that_vote() {
        ensemble.inject(2, 1, looking(3, 2, Zxid.of(2, 0), 2));
        ensemble.sim.runFor(10);

        Vote two = new Vote(2, Zxid.of(2, 0), 2);
        assertThat(one().round()).isEqualTo(3);
        assertThat(one().proposal()).isEqualTo(two);
        assertThat(three.messages()).containsExactly(Notification.of(LOOKING, two, 3, 1));
    }

    @Test
    @Tag("03.3")
    void a_lagging_sender_gets_our_current_vote_and_its_old_vote_is_not_recorded() {
        ensemble.inject(2, 1, looking(3, 1, MY_ZXID, 2)); // round 3, voting for us
        ensemble.sim.runFor(10);
        three.clear();

        ensemble.inject(3, 1, looking(1, 3, Zxid.of(1, 99), 3)); // a better vote, but from round 1
        ensemble.sim.runFor(10);

        Vote mine = new Vote(1, MY_ZXID, 1);
        assertThat(one().round()).isEqualTo(3);
        assertThat(one().proposal()).isEqualTo(mine);
        assertThat(one().receivedVotes()).containsOnlyKeys(1, 2);
        assertThat(three.messages()).containsExactly(Notification.of(LOOKING, mine, 3, 1));
    }

    @Test
    @Tag("03.3")
    void duplicated_and_overtaken_notifications_change_nothing() {
        Vote three = new Vote(3, Zxid.of(1, 9), 1);
        ensemble.inject(2, 1, looking(1, 3, Zxid.of(1, 9), 2)); // 2 now votes for 3
        ensemble.sim.runFor(10);
        this.three.clear();
        two.clear();

        ensemble.inject(2, 1, looking(1, 3, Zxid.of(1, 9), 2)); // the same again (duplicated)
        ensemble.inject(2, 1, looking(1, 2, Zxid.of(1, 6), 2)); // 2's first vote, overtaken on the way
        ensemble.sim.runFor(10);

        assertThat(one().proposal()).isEqualTo(three);
        assertThat(one().receivedVotes()).containsEntry(2, three);
        assertThat(this.three.messages()).as("nothing new to say").isEmpty();
        assertThat(two.messages()).isEmpty();
    }

    @Test
    @Tag("03.3")
    void strangers_impostors_and_malformed_notifications_are_ignored() {
        ensemble.inject(9, 1, looking(1, 9, Zxid.of(9, 9), 9));          // not a member
        ensemble.inject(2, 1, looking(1, 3, Zxid.of(9, 9), 3));          // 2 claims to be 3
        ensemble.inject(2, 1, looking(1, 7, Zxid.of(9, 9), 2));          // a vote for a server that does not exist
        ensemble.inject(2, 1, looking(0, 2, Zxid.of(9, 9), 2));          // round 0
        ensemble.inject(2, 1, new Notification(null, 2, Zxid.of(9, 9), 1, 9, 2)); // no state
        ensemble.sim.runFor(10);

        Vote mine = new Vote(1, MY_ZXID, 1);
        assertThat(one().state()).isEqualTo(LOOKING);
        assertThat(one().round()).isEqualTo(1);
        assertThat(one().proposal()).isEqualTo(mine);
        assertThat(one().receivedVotes()).isEqualTo(Map.of(1, mine));
        assertThat(two.messages()).isEmpty();
        assertThat(three.messages()).isEmpty();
        assertThat(ensemble.decisions()).noneMatch(d -> d.state() == FOLLOWING);
    }
}
