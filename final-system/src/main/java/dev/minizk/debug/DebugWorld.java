package dev.minizk.debug;

import dev.minizk.election.ThreeVoters;
import dev.minizk.replica.ScriptedEnsemble;
import dev.minizk.sim.Simulator;
import dev.minizk.zab.ZabEvents;

/**
 * A world the debugger shows: the simulator a scenario name stands for (the same worlds the
 * search tests explore, built by the same code, so a trace of one replays in the other) and how
 * to show each of its servers.
 */
sealed interface DebugWorld permits ElectionWorld, ZabWorld {

    String ELECTION_NAMES = "fle-<servers>[-stale-vote][-seed-<seed>]";
    String ZAB_NAMES = "zab-<servers>-<writes>w[-early-commit][-seed-<seed>]";

    /** The scenario's name, as a trace file's {@code # scenario:} line has it. */
    String scenario();

    Simulator<?> sim();

    /** Server {@code id}'s state now (it is up and started). */
    NodeState state(int id, boolean isolated);

    /**
     * Builds the world {@code scenario} names.
     *
     * @throws IllegalArgumentException for a name of no world, saying what names look like
     */
    static DebugWorld of(String scenario) {
        try {
            if (ThreeVoters.names(scenario)) {
                return new ElectionWorld(scenario, ThreeVoters.ofScenario(scenario));
            }
            if (ScriptedEnsemble.names(scenario)) {
                return new ZabWorld(scenario, ScriptedEnsemble.ofScenario(scenario, ZabEvents.NONE));
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // A gap of the student edition (TODO 04.2, say) or a bug in the protocol code: say which, in one line.
            throw new IllegalStateException("building " + scenario + " failed: " + e, e);
        }
        throw new IllegalArgumentException("no scenario '" + scenario + "': an election is " + ELECTION_NAMES
                + " (like fle-3), Zab is " + ZAB_NAMES + " (like zab-3-2w)");
    }
}
