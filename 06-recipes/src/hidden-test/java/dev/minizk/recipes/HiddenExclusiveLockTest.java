package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** 06.3, hidden: a predecessor that goes away is not always a release. */
class HiddenExclusiveLockTest {

    @Tag("06.3")
    @Test
    void a_waiter_whose_predecessor_gives_up_keeps_waiting_for_the_holder() {
        RecipeWorld world = new RecipeWorld(36);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        RecipeWorld.Participant c = world.join("c");
        ExclusiveLock holder = ExclusiveLockTest.lockOf(world, a);
        ExclusiveLock quitter = ExclusiveLockTest.lockOf(world, b);
        ExclusiveLock patient = ExclusiveLockTest.lockOf(world, c);
        ExclusiveLockTest.acquire(world, a, holder, 5_000).join();
        CompletableFuture<Long> gaveUp = ExclusiveLockTest.acquire(world, b, quitter, 1_000);
        CompletableFuture<Long> waiting = ExclusiveLockTest.acquire(world, c, patient, 1_000);

        b.machine().execute(quitter::release); // b stops waiting: c's predecessor goes, a still holds
        world.sim.runFor(2_000);
        assertThat(gaveUp).isCompletedExceptionally();
        assertThat(waiting).as("c must not hold the lock while a does").isNotDone();
        assertThat(patient.state()).isEqualTo(ExclusiveLock.State.WAITING);

        a.machine().execute(holder::release);
        assertThat(world.runUntil(waiting::isDone, 5_000)).isTrue();
        assertThat(patient.isHeld()).isTrue();
    }
}
