package dev.minizk.recipes;

import dev.minizk.client.ClientState;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** 06.3: the exclusive lock: the holder and its fencing token, the watch chain, expiry. */
class ExclusiveLockTest {
    static final String LOCK = "/locks/printer";

    static ExclusiveLock lockOf(RecipeWorld world, RecipeWorld.Participant p) {
        return new ExclusiveLock(p.client(), p.session(), LOCK, world.guids);
    }

    /** Asks for the lock on the participant's loop and runs the world until the answer or {@code millis}. */
    static CompletableFuture<Long> acquire(RecipeWorld world, RecipeWorld.Participant p, ExclusiveLock lock, long millis) {
        List<CompletableFuture<Long>> asked = new ArrayList<>();
        p.machine().execute(() -> asked.add(lock.acquire()));
        world.runUntil(() -> !asked.isEmpty() && asked.get(0).isDone(), millis);
        return asked.get(0);
    }

    @Tag("06.3")
    @Test
    void the_first_contender_holds_the_lock_and_its_token_is_the_czxid_of_its_node() {
        RecipeWorld world = new RecipeWorld(31);
        RecipeWorld.Participant a = world.join("a");
        ExclusiveLock lock = lockOf(world, a);

        CompletableFuture<Long> held = acquire(world, a, lock, 5_000);

        assertThat(held).isCompleted();
        assertThat(lock.isHeld()).isTrue();
        assertThat(lock.nodeName()).startsWith("_c_").contains("-lock-");
        assertThat(held.join()).isEqualTo(world.tree().stat(LOCK + "/" + lock.nodeName()).czxid());
    }

    @Tag("06.3")
    @Test
    void a_second_contender_waits_for_the_release_and_then_holds_with_a_higher_token() {
        RecipeWorld world = new RecipeWorld(32);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        ExclusiveLock first = lockOf(world, a);
        ExclusiveLock second = lockOf(world, b);
        long firstToken = acquire(world, a, first, 5_000).join();

        CompletableFuture<Long> waiting = acquire(world, b, second, 2_000);
        assertThat(waiting).as("b waits while a holds").isNotDone();
        assertThat(second.state()).isEqualTo(ExclusiveLock.State.WAITING);

        a.machine().execute(first::release);
        assertThat(world.runUntil(waiting::isDone, 5_000)).isTrue();
        assertThat(waiting.join()).isGreaterThan(firstToken);
        assertThat(world.tree().getChildren(LOCK)).containsExactly(second.nodeName());
    }

    @Tag("06.3")
    @Test
    void each_waiter_is_woken_once_by_its_predecessor_not_by_every_release() {
        RecipeWorld world = new RecipeWorld(33);
        List<RecipeWorld.Participant> people = new ArrayList<>();
        List<ExclusiveLock> locks = new ArrayList<>();
        List<CompletableFuture<Long>> grants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RecipeWorld.Participant p = world.join("c" + i);
            ExclusiveLock lock = lockOf(world, p);
            people.add(p);
            locks.add(lock);
            grants.add(acquire(world, p, lock, 500)); // in this order: c0 holds, c1..c4 queue behind it
        }
        for (int i = 0; i < 5; i++) {
            assertThat(world.runUntil(grants.get(i)::isDone, 5_000)).as("c%d is served in turn", i).isTrue();
            assertThat(grants.subList(i + 1, 5)).noneMatch(CompletableFuture::isDone);
            people.get(i).machine().execute(locks.get(i)::release);
        }
        world.sim.runFor(1_000);
        assertThat(locks.get(0).watchEvents()).isZero();
        for (int i = 1; i < 5; i++) {
            assertThat(locks.get(i).watchEvents()).as("watch events heard by c%d (a herd would make it %d)", i, i).isEqualTo(1);
        }
    }

    @Tag("06.3")
    @Test
    void a_holder_whose_session_expires_is_told_and_the_next_waiter_holds() {
        RecipeWorld world = new RecipeWorld(34);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        ExclusiveLock first = lockOf(world, a);
        ExclusiveLock second = lockOf(world, b);
        List<String> told = new ArrayList<>();
        first.onLost(told::add);
        acquire(world, a, first, 5_000).join();
        CompletableFuture<Long> waiting = acquire(world, b, second, 1_000);

        world.sim.cutOff(a.machine()); // a long pause: the server stops hearing from a
        assertThat(world.runUntil(waiting::isDone, RecipeWorld.SESSION_TIMEOUT_MILLIS * 3L)).isTrue();
        assertThat(first.isHeld()).as("paused, a still believes it holds the lock").isTrue();
        world.sim.reconnect(a.machine());
        world.runUntil(() -> !told.isEmpty(), 5_000);

        assertThat(a.client().state()).isEqualTo(ClientState.EXPIRED);
        assertThat(told).hasSize(1);
        assertThat(first.state()).isEqualTo(ExclusiveLock.State.LOST);
        assertThat(second.isHeld()).isTrue();
    }

    @Tag("06.3")
    @Test
    void a_waiter_whose_session_expires_fails_with_sessionexpired() {
        RecipeWorld world = new RecipeWorld(35);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        acquire(world, a, lockOf(world, a), 5_000).join();
        ExclusiveLock waiter = lockOf(world, b);
        CompletableFuture<Long> waiting = acquire(world, b, waiter, 1_000);

        world.sim.cutOff(b.machine());
        world.sim.runFor(RecipeWorld.SESSION_TIMEOUT_MILLIS * 3L);
        world.sim.reconnect(b.machine());
        world.runUntil(waiting::isDone, 5_000);

        assertThat(waiting).isCompletedExceptionally();
        assertThat(waiting.handle((token, failure) -> failure instanceof CompletionException c ? c.getCause() : failure).join())
                .isInstanceOfSatisfying(KeeperException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSIONEXPIRED));
        assertThat(waiter.state()).isEqualTo(ExclusiveLock.State.LOST);
    }
}
