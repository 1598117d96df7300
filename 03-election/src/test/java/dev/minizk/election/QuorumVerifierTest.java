package dev.minizk.election;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 03.2: majorities of voters; observers and strangers have no vote. */
class QuorumVerifierTest {

    @Test
    @Tag("03.2")
    void two_of_three_and_three_of_five_are_quorums_one_and_two_are_not() {
        QuorumVerifier three = QuorumVerifier.majorityOf(3);
        QuorumVerifier five = QuorumVerifier.majorityOf(5);

        assertThat(three.containsQuorum(List.of(1, 3))).isTrue();
        assertThat(three.containsQuorum(List.of(2))).isFalse();
        assertThat(five.containsQuorum(List.of(2, 4, 5))).isTrue();
        assertThat(five.containsQuorum(List.of(1, 2))).isFalse();
    }

    @Test
    @Tag("03.2")
    void an_even_ensemble_needs_a_strict_majority_half_is_not_enough() {
        QuorumVerifier four = QuorumVerifier.majorityOf(4);

        assertThat(four.containsQuorum(List.of(1, 2))).isFalse();
        assertThat(four.containsQuorum(List.of(3, 4))).isFalse();
        assertThat(four.containsQuorum(List.of(1, 2, 4))).isTrue();
    }

    @Test
    @Tag("03.2")
    void a_voter_named_twice_counts_once() {
        QuorumVerifier three = QuorumVerifier.majorityOf(3);

        assertThat(three.containsQuorum(List.of(2, 2, 2))).isFalse();
        assertThat(three.containsQuorum(List.of(2, 2, 3))).isTrue();
    }

    @Test
    @Tag("03.2")
    void observers_count_for_nothing_however_many_there_are() {
        QuorumVerifier ensemble = QuorumVerifier.majorityOf(3).withObservers(4, 5, 6, 7);

        assertThat(ensemble.containsQuorum(List.of(1, 4, 5, 6, 7))).isFalse();
        assertThat(ensemble.containsQuorum(List.of(1, 2, 4))).isTrue();
        assertThat(ensemble.isVoter(4)).isFalse();
        assertThat(ensemble.isMember(4)).isTrue();
    }

    @Test
    @Tag("03.2")
    void strangers_count_for_nothing_and_nobody_is_no_quorum() {
        QuorumVerifier three = new QuorumVerifier(Set.of(1, 2, 3), Set.of());

        assertThat(three.containsQuorum(List.of(1, 9, 10, -1))).isFalse();
        assertThat(three.containsQuorum(List.of())).isFalse();
        assertThat(QuorumVerifier.majorityOf(1).containsQuorum(List.of(1))).as("an ensemble of one").isTrue();
    }
}
