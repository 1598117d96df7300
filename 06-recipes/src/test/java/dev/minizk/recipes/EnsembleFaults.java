package dev.minizk.recipes;

import dev.minizk.sim.Fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Seeded faults for a recipe schedule on a three-server ensemble: one server cut off from the
 * other two for a while (a minority partition: the ensemble lives on, that server's clients
 * move), and in about half the schedules the leader of that moment crashes for good (the two
 * left elect a new one; stage 04's replica keeps nothing on disk, so it does not come back).
 * Call {@link #afterEvent} after every simulated event; {@link #plan} says what happened, for a
 * failure report.
 */
final class EnsembleFaults {
    private final RecipeWorld world;
    private final List<String> plan = new ArrayList<>();
    private final long crashAtMillis;
    private boolean crashed;

    /** Draws the faults of one schedule within {@code withinMillis} from now. */
    EnsembleFaults(RecipeWorld world, Random random, long withinMillis) {
        this.world = world;
        long start = world.sim.now();
        int cut = world.servers.get(random.nextInt(world.servers.size()));
        long cutAt = start + random.nextInt((int) withinMillis);
        long healAt = cutAt + 500 + random.nextInt(3_500);
        Set<Integer> others = new TreeSet<>(world.servers);
        others.remove(cut);
        world.sim.schedule(cutAt, new Fault.Partition(List.of(Set.of(cut), others)));
        world.sim.schedule(healAt, new Fault.Heal());
        plan.add("at " + cutAt + " ms server " + cut + " is cut off from " + others + " until " + healAt + " ms");
        crashAtMillis = random.nextBoolean() ? start + random.nextInt((int) withinMillis * 2) : Long.MAX_VALUE;
    }

    /** Crashes the leader of the moment once the crash time has come and there is one. */
    void afterEvent() {
        if (crashed || world.sim.now() < crashAtMillis) {
            return;
        }
        world.leaderId().ifPresent(leader -> {
            crashed = true;
            plan.add("at " + world.sim.now() + " ms the leader, server " + leader + ", crashes for good");
            world.sim.apply(new Fault.Crash(leader));
        });
    }

    List<String> plan() {
        return plan;
    }
}
