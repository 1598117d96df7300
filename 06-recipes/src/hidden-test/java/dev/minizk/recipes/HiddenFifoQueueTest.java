package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** 06.6, hidden: a take whose answer is lost with the connection is settled by reading the claim. */
class HiddenFifoQueueTest {

    @Tag("06.6")
    @Test
    void a_take_applied_but_unanswered_is_taken_once_not_twice_or_never() {
        RecipeWorld world = new RecipeWorld(61);
        RecipeWorld.Participant producer = world.join("producer");
        RecipeWorld.Participant consumer = world.join("consumer");
        FifoQueue queue = new FifoQueue(producer.client(), "/queues/q", "producer");
        producer.runtime().await(queue.create(), 5_000);
        for (String item : new String[] {"first", "second"}) {
            producer.runtime().await(queue.offer(item.getBytes(StandardCharsets.UTF_8)), 5_000);
        }
        FifoQueue consuming = new FifoQueue(consumer.client(), "/queues/q", "consumer");
        CompletableFuture<byte[]>[] take = new CompletableFuture[1];
        consumer.machine().execute(() -> take[0] = consuming.take());
        assertThat(world.runUntil(() -> world.tree().getChildren("/queues/q/claims").size() == 1, 5_000)).isTrue();
        assertThat(take[0]).as("the answer is still in flight").isNotDone();
        world.sim.linksOf(consumer.machine()).forEach(world.sim::dropLink);

        assertThat(world.runUntil(take[0]::isDone, 10_000)).isTrue();
        assertThat(new String(take[0].join(), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(world.tree().getChildren("/queues/q/items")).as("the second item is still there").hasSize(1);
        assertThat(world.tree().getChildren("/queues/q/claims")).hasSize(1);
    }
}
