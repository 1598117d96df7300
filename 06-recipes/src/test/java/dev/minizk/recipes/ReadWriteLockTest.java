package dev.minizk.recipes;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** 06.7: the read-write lock in the simulator: readers share, a writer excludes, a waiting writer stops later readers. */
class ReadWriteLockTest {
    @Tag("06.7")
    @Test
    void readers_share_a_writer_waits_for_them_and_later_readers_wait_for_the_writer() {
        RecipeWorld world = new RecipeWorld(21);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        RecipeWorld.Participant c = world.join("c");
        ReadWriteLock r1 = ReadWriteLock.reader(a.client(), "/rw", world.guids);
        ReadWriteLock r2 = ReadWriteLock.reader(b.client(), "/rw", world.guids);
        ReadWriteLock w = ReadWriteLock.writer(c.client(), "/rw", world.guids);
        ReadWriteLock r3 = ReadWriteLock.reader(a.client(), "/rw", world.guids);

        CompletableFuture<Long> read1 = r1.acquire();
        world.runUntil(read1::isDone, 2_000);
        CompletableFuture<Long> read2 = r2.acquire();
        world.runUntil(read2::isDone, 2_000);
        assertThat(read1).isCompleted();
        assertThat(read2).as("readers share").isCompleted();

        CompletableFuture<Long> write = w.acquire();
        world.sim.runFor(500);
        CompletableFuture<Long> read3 = r3.acquire();
        world.sim.runFor(500);
        assertThat(write).as("the writer waits for the readers").isNotDone();
        assertThat(read3).as("a reader after a waiting writer waits").isNotDone();
        assertThat(w.nodeName()).startsWith("_c_").contains(ReadWriteLock.WRITE_NAME);

        r1.release();
        r2.release();
        world.runUntil(write::isDone, 2_000);
        assertThat(write).isCompleted();
        assertThat(read3).isNotDone();
        w.release();
        world.runUntil(read3::isDone, 2_000);
        assertThat(read3.join()).as("tokens grow").isGreaterThan(write.join());
    }

    @Tag("06.7")
    @Test
    void the_predicates_follow_curator() {
        List<String> nodes = List.of("_c_a-__READ__0000000001", "_c_b-__WRIT__0000000002", "_c_c-__READ__0000000003");
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(0), false)).isNull();
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(1), true)).isEqualTo(nodes.get(0));
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(2), false)).isEqualTo(nodes.get(1));
    }

    @Tag("06.7")
    @Test
    void two_writers_exclude_each_other_and_a_reader_waits_for_the_first_writer_before_it() {
        List<String> nodes = List.of("_c_a-__WRIT__0000000001", "_c_b-__READ__0000000002", "_c_c-__WRIT__0000000003",
                "_c_d-__READ__0000000004");
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(0), true)).as("the first writer holds").isNull();
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(1), false)).isEqualTo(nodes.get(0));
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(2), true)).as("a writer waits for its predecessor, even a reader")
                .isEqualTo(nodes.get(1));
        assertThat(ReadWriteLock.blocker(nodes, nodes.get(3), false)).as("the first writer before it, not the nearest")
                .isEqualTo(nodes.get(0));

        RecipeWorld world = new RecipeWorld(22);
        RecipeWorld.Participant a = world.join("a");
        RecipeWorld.Participant b = world.join("b");
        ReadWriteLock w1 = ReadWriteLock.writer(a.client(), "/rw", world.guids);
        ReadWriteLock w2 = ReadWriteLock.writer(b.client(), "/rw", world.guids);
        CompletableFuture<Long> first = w1.acquire();
        world.runUntil(first::isDone, 2_000);
        CompletableFuture<Long> second = w2.acquire();
        world.sim.runFor(1_000);
        assertThat(first).isCompleted();
        assertThat(second).as("one writer at a time").isNotDone();
        w1.release();
        world.runUntil(second::isDone, 2_000);
        assertThat(second.join()).isGreaterThan(first.join());
    }
}
