package dev.minizk.recipes;

import dev.minizk.client.Created;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.EphemeralOwner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 06.2: a protected create whose answer is lost (the server applied it, the connection dropped
 * before the reply arrived, the client saw CONNECTIONLOSS) finds its node again by the GUID in the
 * name instead of creating a second one (an orphan ahead of every later waiter); one whose request
 * was lost creates it once; missing parents are made as containers.
 */
class ProtectedCreateTest {

    private static CompletableFuture<Created> protectedCreate(RecipeWorld.Participant p, String parent, String guid,
                                                              Runnable afterSending) {
        CompletableFuture<Created> created = new CompletableFuture<>();
        p.machine().execute(() -> {
            ProtectedCreate.create(p.client(), parent, guid, ExclusiveLock.LOCK_NAME, new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL)
                    .whenComplete((c, failure) -> {
                        if (failure != null) {
                            created.completeExceptionally(failure);
                        } else {
                            created.complete(c);
                        }
                    });
            afterSending.run();
        });
        return created;
    }

    @Tag("06.2")
    @Test
    void a_create_applied_but_unanswered_is_found_again_by_its_guid_not_made_twice() {
        RecipeWorld world = new RecipeWorld(9);
        RecipeWorld.Participant p = world.join("p");
        String guid = world.guids.get();
        CompletableFuture<Created> created = protectedCreate(p, "/locks/p", guid, () -> { });
        assertThat(world.runUntil(() -> world.tree().exists("/locks/p")
                && !world.tree().getChildren("/locks/p").isEmpty(), 5_000)).isTrue();
        assertThat(created).as("the reply is still in flight").isNotDone();
        world.sim.linksOf(p.machine()).forEach(world.sim::dropLink); // the reply is lost with the connection

        assertThat(world.runUntil(created::isDone, 10_000)).isTrue();
        List<String> children = world.tree().getChildren("/locks/p");
        assertThat(children).as("one node, not two").hasSize(1);
        assertThat(children.get(0)).startsWith("_c_" + guid + "-lock-");
        assertThat(created.join().path()).isEqualTo("/locks/p/" + children.get(0));
        assertThat(created.join().stat().czxid()).isPositive();
    }

    @Tag("06.2")
    @Test
    void a_create_whose_request_was_lost_is_made_once_after_the_reconnect() {
        RecipeWorld world = new RecipeWorld(10);
        RecipeWorld.Participant p = world.join("p");
        p.client().create("/locks", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        p.client().create("/locks/q", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        String guid = world.guids.get();
        CompletableFuture<Created> created = protectedCreate(p, "/locks/q", guid,
                () -> world.sim.linksOf(p.machine()).forEach(world.sim::dropLink)); // the request is lost in flight

        assertThat(world.runUntil(created::isDone, 10_000)).isTrue();
        assertThat(created).as("CONNECTIONLOSS is not the end: the session lives").isCompleted();
        List<String> children = world.tree().getChildren("/locks/q");
        assertThat(children).hasSize(1);
        assertThat(children.get(0)).startsWith("_c_" + guid + "-lock-");
        assertThat(world.tree().stat(created.join().path()).ephemeralOwner()).isEqualTo(p.sessionId());
    }

    @Tag("06.2")
    @Test
    void missing_parents_are_created_as_containers() {
        RecipeWorld world = new RecipeWorld(11);
        RecipeWorld.Participant p = world.join("p");
        String guid = world.guids.get();
        CompletableFuture<Created> created = protectedCreate(p, "/apps/billing/locks", guid, () -> { });

        assertThat(world.runUntil(created::isDone, 10_000)).isTrue();
        assertThat(created).isCompleted();
        assertThat(created.join().path()).startsWith("/apps/billing/locks/_c_" + guid + "-lock-");
        for (String parent : List.of("/apps", "/apps/billing", "/apps/billing/locks")) {
            assertThat(world.tree().node(parent).ephemeralOwner()).as(parent).isEqualTo(EphemeralOwner.CONTAINER);
        }
    }
}
