package dev.minizk.election;

import dev.minizk.txn.Zxid;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.1: ZooKeeper's total order on votes (epoch, then zxid, then server id). */
class VoteOrderTest {

    @Test
    @Tag("03.1")
    void a_higher_epoch_wins_even_with_a_lower_zxid_and_a_lower_id() {
        Vote newEpoch = new Vote(1, Zxid.of(2, 0), 2);
        Vote oldEpochLongLog = new Vote(5, Zxid.of(1, 900), 1);

        assertThat(newEpoch.beats(oldEpochLongLog)).isTrue();
        assertThat(oldEpochLongLog.beats(newEpoch)).isFalse();
    }

    @Test
    @Tag("03.1")
    void with_equal_epochs_the_higher_zxid_wins_whatever_the_ids() {
        Vote longer = new Vote(1, Zxid.of(3, 7), 3);
        Vote shorter = new Vote(9, Zxid.of(3, 6), 3);

        assertThat(longer.beats(shorter)).isTrue();
        assertThat(shorter.beats(longer)).isFalse();
    }

    @Test
    @Tag("03.1")
    void with_equal_epochs_and_zxids_the_higher_server_id_wins_not_a_timestamp() {
        Vote two = new Vote(2, Zxid.of(1, 4), 1);
        Vote three = new Vote(3, Zxid.of(1, 4), 1);

        assertThat(three.beats(two)).isTrue();
        assertThat(two.beats(three)).isFalse();
        assertThat(two.max(three)).isEqualTo(three);
    }

    @Test
    @Tag("03.1")
    void no_vote_beats_itself_and_every_real_vote_beats_none() {
        Vote vote = new Vote(3, Zxid.of(1, 4), 1);
        Vote empty = new Vote(1, 0, 0); // a fresh server: nothing logged, epoch 0

        assertThat(vote.beats(new Vote(3, Zxid.of(1, 4), 1))).isFalse();
        assertThat(empty.beats(Vote.NONE)).isTrue();
        assertThat(Vote.NONE.beats(empty)).isFalse();
        assertThat(Vote.NONE.beats(Vote.NONE)).isFalse();
    }
}
