package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 06.6: the FIFO queue in the simulator: a producer and three consumers racing for the head item
 * over 100 seeds. Every item is taken exactly once, and each consumer sees items in queue order.
 */
class FifoQueueTest {
    private static final int ITEMS = 30;

    @Tag("06.6")
    @Test
    void every_item_is_taken_exactly_once_and_each_consumer_sees_queue_order() {
        for (long seed = 1; seed <= 100; seed++) {
            RecipeWorld world = new RecipeWorld(seed);
            RecipeWorld.Participant producer = world.join("producer");
            FifoQueue queue = new FifoQueue(producer.client(), "/queues/jobs", "producer");
            producer.runtime().await(queue.create(), 5_000);
            List<List<Integer>> seen = new ArrayList<>();
            List<CompletableFuture<byte[]>> takes = new ArrayList<>();
            for (int c = 1; c <= 3; c++) {
                RecipeWorld.Participant consumer = world.join("c" + c);
                FifoQueue q = new FifoQueue(consumer.client(), "/queues/jobs", "c" + c);
                List<Integer> mine = new ArrayList<>();
                seen.add(mine);
                consumer.machine().execute(() -> {
                    for (int i = 0; i < ITEMS / 3; i++) {
                        CompletableFuture<byte[]> take = q.take();
                        takes.add(take);
                        take.thenAccept(item -> mine.add(Integer.parseInt(new String(item, StandardCharsets.UTF_8))));
                    }
                });
            }
            producer.machine().execute(() -> {
                for (int i = 0; i < ITEMS; i++) {
                    queue.offer(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                }
            });
            boolean done = world.runUntil(() -> takes.size() == ITEMS && takes.stream().allMatch(CompletableFuture::isDone), 30_000);
            assertThat(done).as("seed %d: every take completed", seed).isTrue();
            List<Integer> all = new ArrayList<>();
            seen.forEach(all::addAll);
            assertThat(all).as("seed %d: exactly once", seed).hasSize(ITEMS).doesNotHaveDuplicates();
            for (List<Integer> mine : seen) {
                assertThat(mine).as("seed %d: in queue order", seed).isSorted();
            }
        }
    }
}
