package dev.minizk.curator;

import dev.minizk.conformance.TestServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Curator 5.9.0 recipes on the minizk server (zk-reference §7 and §8 item 16): each recipe's
 * promise, with several clients (separate sessions) competing. Bounded waits, no sleeps.
 */
@Timeout(30)
class CuratorRecipesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestServer server;
    private final List<CuratorFramework> clients = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        for (CuratorFramework c : clients) {
            c.close();
        }
        server.close();
    }

    private CuratorFramework client() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.newClient(server.connectString(), 4_000, 4_000, new RetryNTimes(3, 100));
        clients.add(c);
        c.start();
        assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    @Test
    void mutex_excludes_and_hands_over_in_arrival_order() throws Exception {
        CuratorFramework a = client();
        CuratorFramework b = client();
        CuratorFramework c = client();
        InterProcessMutex lockA = new InterProcessMutex(a, "/locks/m");
        InterProcessMutex lockB = new InterProcessMutex(b, "/locks/m");
        InterProcessMutex lockC = new InterProcessMutex(c, "/locks/m");
        List<String> order = new CopyOnWriteArrayList<>();
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();

        lockA.acquire();
        order.add("a");
        // b queues first, then c: each waits on its predecessor's node
        CompletableFuture<Void> releaseB = new CompletableFuture<>();
        Future<?> waiterB = pool.submit(() -> holdUntil(lockB, "b", order, holders, maxHolders, releaseB));
        await().atMost(WAIT).until(() -> lockB.getParticipantNodes().size() == 2);
        Future<?> waiterC = pool.submit(() -> holdUntil(lockC, "c", order, holders, maxHolders, CompletableFuture.completedFuture(null)));
        await().atMost(WAIT).until(() -> lockC.getParticipantNodes().size() == 3);
        assertThat(lockB.isAcquiredInThisProcess()).isFalse();

        lockA.release();
        await().atMost(WAIT).until(() -> order.size() == 2);
        assertThat(lockC.isAcquiredInThisProcess()).isFalse(); // c still waits behind b
        releaseB.complete(null);
        waiterB.get(10, TimeUnit.SECONDS);
        waiterC.get(10, TimeUnit.SECONDS);

        assertThat(order).containsExactly("a", "b", "c");
        assertThat(maxHolders.get()).isEqualTo(1);
        assertThat(a.getChildren().forPath("/locks/m")).isEmpty();
    }

    private static Void holdUntil(InterProcessMutex lock, String name, List<String> order, AtomicInteger holders,
                                  AtomicInteger maxHolders, CompletableFuture<Void> release) throws Exception {
        if (!lock.acquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not get the lock");
        }
        try {
            maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
            order.add(name);
            release.get(10, TimeUnit.SECONDS);
        } finally {
            holders.decrementAndGet();
            lock.release();
        }
        return null;
    }

    @Test
    void leader_latch_fails_over_when_the_leader_closes() throws Exception {
        CuratorFramework a = client();
        CuratorFramework b = client();
        LeaderLatch first = new LeaderLatch(a, "/latch", "a"); // ends with its client, not closed itself
        try (LeaderLatch second = new LeaderLatch(b, "/latch", "b")) {
            first.start();
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            second.start();
            await().atMost(WAIT).until(() -> second.getParticipants().size() == 2);
            assertThat(second.hasLeadership()).isFalse();
            assertThat(second.getLeader().getId()).isEqualTo("a");

            a.close(); // the leader's session ends: its latch node goes, b's watch on it fires
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.getLeader().getId()).isEqualTo("b");
        }
    }

    @Test
    void double_barrier_lets_three_members_enter_and_leave_together() throws Exception {
        int members = 3;
        List<String> log = new CopyOnWriteArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            CuratorFramework c = client();
            String name = "m" + i;
            running.add(pool.submit(() -> {
                DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(c, "/barrier", members);
                if (!barrier.enter(10, TimeUnit.SECONDS)) {
                    throw new AssertionError(name + " could not enter");
                }
                log.add("in " + name);
                if (!barrier.leave(10, TimeUnit.SECONDS)) {
                    throw new AssertionError(name + " could not leave");
                }
                log.add("out " + name);
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get(20, TimeUnit.SECONDS);
        }
        // nobody is past enter() before all three arrived, and nobody leaves before all entered
        assertThat(log.subList(0, members)).allMatch(e -> e.startsWith("in "));
        assertThat(log.subList(members, 2 * members)).allMatch(e -> e.startsWith("out "));
    }

    @Test
    void shared_count_try_set_has_one_winner() throws Exception {
        CuratorFramework a = client();
        CuratorFramework b = client();
        try (SharedCount countA = new SharedCount(a, "/count", 0);
             SharedCount countB = new SharedCount(b, "/count", 0)) {
            countA.start();
            countB.start();
            VersionedValue<Integer> seenA = countA.getVersionedValue();
            VersionedValue<Integer> seenB = countB.getVersionedValue();
            assertThat(seenA.getVersion()).isEqualTo(seenB.getVersion());

            assertThat(countA.trySetCount(seenA, 10)).isTrue();
            assertThat(countB.trySetCount(seenB, 20)).isFalse(); // stale version: BADVERSION underneath
            // the loser reads the winner's value (trySetCount refreshes it on failure)
            await().atMost(WAIT).until(() -> countB.getCount() == 10);
            assertThat(countB.trySetCount(countB.getVersionedValue(), 20)).isTrue();
            await().atMost(WAIT).until(() -> countA.getCount() == 20);
        }
    }

    @Test
    void curator_cache_sees_create_change_delete_in_order() throws Exception {
        CuratorFramework a = client();
        CuratorFramework writer = client();
        List<String> events = new CopyOnWriteArrayList<>();
        try (CuratorCache cache = CuratorCache.build(a, "/cache")) {
            CompletableFuture<Void> initialized = new CompletableFuture<>();
            cache.listenable().addListener(CuratorCacheListener.builder()
                    .forCreates(n -> events.add("created " + n.getPath() + " " + text(n.getData())))
                    .forChanges((before, after) -> events.add("changed " + after.getPath() + " " + text(after.getData())))
                    .forDeletes(n -> events.add("deleted " + n.getPath()))
                    .forInitialized(() -> initialized.complete(null))
                    .build());
            cache.start(); // addWatch PERSISTENT_RECURSIVE on /cache before it exists
            initialized.get(10, TimeUnit.SECONDS);

            // One write at a time: the cache loads a node's data after its event, so a burst of writes
            // may fold a change into the create (Curator's semantics, on ZooKeeper too).
            step(events, 1, () -> writer.create().forPath("/cache", bytes("root")));
            step(events, 2, () -> writer.create().forPath("/cache/a", bytes("1")));
            step(events, 3, () -> writer.setData().forPath("/cache/a", bytes("2")));
            step(events, 4, () -> writer.create().forPath("/cache/a/deep", bytes("d")));
            step(events, 5, () -> writer.delete().forPath("/cache/a/deep"));
            step(events, 6, () -> writer.delete().forPath("/cache/a"));
            assertThat(events).containsExactly(
                    "created /cache root",
                    "created /cache/a 1",
                    "changed /cache/a 2",
                    "created /cache/a/deep d",
                    "deleted /cache/a/deep",
                    "deleted /cache/a");
            assertThat(cache.size()).isEqualTo(1);
        }
    }

    private interface Write {
        void run() throws Exception;
    }

    private static void step(List<String> events, int expected, Write write) throws Exception {
        write.run();
        await().atMost(WAIT).until(() -> events.size() >= expected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] data) {
        return data == null ? "null" : new String(data, StandardCharsets.UTF_8);
    }
}
