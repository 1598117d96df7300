package dev.minizk.replica;

import dev.minizk.zab.ZabEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario names: what a trace file names its world by, for the replay command and the debugger. */
class ScriptedEnsembleTest {

    @Test
    void a_scenario_name_builds_the_world_it_names() {
        assertThat(ScriptedEnsemble.scenario(3, 2, false, ScriptedEnsemble.DEFAULT_SEED)).isEqualTo("zab-3-2w");
        assertThat(ScriptedEnsemble.scenario(5, 1, true, 4)).isEqualTo("zab-5-1w-early-commit-seed-4");

        ScriptedEnsemble five = ScriptedEnsemble.ofScenario("zab-5-1w-seed-4", ZabEvents.NONE);
        assertThat(five.sim().nodeIds()).containsExactly(1, 2, 3, 4, 5);
        assertThat(five.sim().seed()).isEqualTo(4);
        assertThat(five.writes()).isEqualTo(1);
        assertThat(five.establishedLeaders()).hasSize(1);
        // The search tests' names stand for the worlds they always meant.
        assertThat(ScriptedEnsemble.ofScenario("zab-3-two-writes", ZabEvents.NONE).writes()).isEqualTo(2);
        assertThat(ScriptedEnsemble.names("zab-3-early-commit")).isTrue();
        assertThat(ScriptedEnsemble.names("fle-3")).isFalse();
    }

    @Test
    void a_name_of_no_zab_world_says_what_one_looks_like() {
        assertThatThrownBy(() -> ScriptedEnsemble.ofScenario("zab-3", ZabEvents.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zab-<servers>-<writes>w");
    }
}
