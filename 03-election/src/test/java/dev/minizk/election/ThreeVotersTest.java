package dev.minizk.election;

import dev.minizk.sim.Simulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario names: what a trace file names its world by, for the replay command and the debugger. */
class ThreeVotersTest {

    @Test
    void a_scenario_name_builds_the_world_it_names() {
        assertThat(ThreeVoters.scenario(3, false, ThreeVoters.DEFAULT_SEED)).isEqualTo("fle-3");
        assertThat(ThreeVoters.scenario(5, true, 7)).isEqualTo("fle-5-stale-vote-seed-7");

        Simulator<Notification> five = ThreeVoters.ofScenario("fle-5-seed-7");
        assertThat(five.nodeIds()).containsExactly(1, 2, 3, 4, 5);
        assertThat(five.seed()).isEqualTo(7);
        assertThat(ThreeVoters.ofScenario("fle-3-stale-vote").seed()).isEqualTo(ThreeVoters.DEFAULT_SEED);
        assertThat(ThreeVoters.names("fle-3")).isTrue();
        assertThat(ThreeVoters.names("zab-3-2w")).isFalse();
    }

    @Test
    void a_name_of_no_election_world_says_what_one_looks_like() {
        assertThatThrownBy(() -> ThreeVoters.ofScenario("fle-three"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fle-<servers>");
        assertThatThrownBy(() -> ThreeVoters.ofScenario("fle-9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 to 7 voters");
    }
}
