package dev.minizk.recipes;

import dev.minizk.client.Created;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protected create whose answer is lost: the server applied it, the connection dropped before
 * the reply arrived, the client saw CONNECTIONLOSS. It finds its node again by the GUID in the
 * name instead of creating a second one (an orphan ahead of every later waiter). Ungraded.
 */
class ProtectedCreateTest {

    @Test
    void a_create_applied_but_unanswered_is_found_again_by_its_guid_not_made_twice() {
        RecipeWorld world = new RecipeWorld(9);
        RecipeWorld.Participant p = world.join("p");
        String guid = world.guids.get();
        CompletableFuture<Created> created = new CompletableFuture<>();
        p.machine().execute(() -> ProtectedCreate.create(p.client(), "/locks/p", guid, ExclusiveLock.LOCK_NAME, new byte[0],
                CreateMode.EPHEMERAL_SEQUENTIAL).whenComplete((c, failure) -> {
                    if (failure != null) {
                        created.completeExceptionally(failure);
                    } else {
                        created.complete(c);
                    }
                }));
        assertThat(world.runUntil(() -> world.server.tree().exists("/locks/p")
                && !world.server.tree().getChildren("/locks/p").isEmpty(), 5_000)).isTrue();
        assertThat(created).as("the reply is still in flight").isNotDone();
        world.sim.linksOf(p.machine()).forEach(world.sim::dropLink); // the reply is lost with the connection

        assertThat(world.runUntil(created::isDone, 10_000)).isTrue();
        List<String> children = world.server.tree().getChildren("/locks/p");
        assertThat(children).as("one node, not two").hasSize(1);
        assertThat(children.get(0)).startsWith("_c_" + guid + "-lock-");
        assertThat(created.join().path()).isEqualTo("/locks/p/" + children.get(0));
        assertThat(created.join().stat().czxid()).isPositive();
    }
}
