package dev.minizk.recipes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The counting semaphore in the simulator: five clients, two leases; never more than two holders, everyone served. Ungraded. */
class SemaphoreTest {
    @Test
    void never_more_holders_than_leases_and_every_client_is_served() {
        for (long seed = 1; seed <= 50; seed++) {
            RecipeWorld world = new RecipeWorld(seed);
            int[] holders = {0};
            int[] most = {0};
            int[] served = {0};
            List<RecipeWorld.Participant> people = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                people.add(world.join("s" + i));
            }
            for (RecipeWorld.Participant p : people) {
                Semaphore semaphore = new Semaphore(p.client(), p.session(), "/semaphores/pool", 2, world.guids);
                p.machine().execute(() -> semaphore.acquire().thenRun(() -> {
                    holders[0]++;
                    most[0] = Math.max(most[0], holders[0]);
                    p.runtime().schedule(50 + world.random.nextInt(200), () -> {
                        holders[0]--;
                        served[0]++;
                        semaphore.release();
                    });
                }));
            }
            assertThat(world.runUntil(() -> served[0] == 5, 30_000)).as("seed %d: everyone served", seed).isTrue();
            assertThat(most[0]).as("seed %d: most holders at once", seed).isBetween(1, 2);
        }
    }
}
