package dev.minizk.recipes;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The double barrier in the simulator: members start only after all entered and leave only after all left. Ungraded. */
class DoubleBarrierTest {
    @Test
    void no_member_enters_before_all_arrived_and_none_leaves_before_all_started_leaving() {
        for (long seed = 1; seed <= 50; seed++) {
            RecipeWorld world = new RecipeWorld(seed);
            List<RecipeWorld.Participant> members = new ArrayList<>();
            List<DoubleBarrier> barriers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                RecipeWorld.Participant p = world.join("m" + i);
                members.add(p);
                barriers.add(new DoubleBarrier(p.client(), "/barriers/b", "m" + i, 3));
            }
            List<CompletableFuture<Void>> entered = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DoubleBarrier b = barriers.get(i);
                members.get(i).machine().execute(() -> entered.add(b.enter()));
            }
            world.sim.runFor(1_000);
            assertThat(entered).as("seed %d: two of three wait", seed).hasSize(2).noneMatch(CompletableFuture::isDone);
            members.get(2).machine().execute(() -> entered.add(barriers.get(2).enter()));
            assertThat(world.runUntil(() -> entered.size() == 3 && entered.stream().allMatch(CompletableFuture::isDone), 5_000))
                    .as("seed %d: all enter", seed).isTrue();

            List<CompletableFuture<Void>> left = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DoubleBarrier b = barriers.get(i);
                members.get(i).machine().execute(() -> left.add(b.leave()));
            }
            world.sim.runFor(1_000);
            assertThat(left).as("seed %d: two of three wait to leave", seed).hasSize(2).noneMatch(CompletableFuture::isDone);
            members.get(2).machine().execute(() -> left.add(barriers.get(2).leave()));
            assertThat(world.runUntil(() -> left.size() == 3 && left.stream().allMatch(CompletableFuture::isDone), 5_000))
                    .as("seed %d: all leave", seed).isTrue();
            assertThat(left).allMatch(f -> !f.isCompletedExceptionally());
        }
    }
}
