package dev.minizk.recipes;

import dev.minizk.conformance.TestServer;
import dev.minizk.net.ThreadedClientRuntime;
import dev.minizk.net.ThreadedClientRuntime.TcpZkClient;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stage 06's recipes and Curator 5.9.0 on one path of the real server: they use the same znode
 * layouts, so a minizk lock and an {@code InterProcessMutex} exclude each other, and a minizk
 * election and a {@code LeaderLatch} elect one leader between them. Bounded waits, no sleeps.
 */
@Timeout(30)
class CuratorInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private TestServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        server.close();
    }

    private CuratorFramework curator() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.newClient(server.connectString(), 4_000, 4_000, new RetryNTimes(3, 100));
        closeables.add(c);
        c.start();
        assertThat(c.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    private record Minizk(TcpZkClient tcp, SessionEvents session) {
    }

    private Minizk minizk() {
        SessionEvents session = new SessionEvents();
        TcpZkClient tcp = ThreadedClientRuntime.connect(server.connectString(), 4_000, session);
        closeables.add(tcp);
        return new Minizk(tcp, session);
    }

    @Test
    void a_minizk_lock_and_a_curator_mutex_exclude_each_other_on_one_path() throws Exception {
        Minizk ours = minizk();
        InterProcessMutex theirs = new InterProcessMutex(curator(), "/locks/shared");

        ExclusiveLock first = new ExclusiveLock(ours.tcp().client(), ours.session(), "/locks/shared", LockNodes.guids(new SecureRandom()));
        long token = first.acquire().get(10, TimeUnit.SECONDS);
        assertThat(token).isPositive();
        assertThat(theirs.acquire(300, TimeUnit.MILLISECONDS)).as("Curator waits behind the minizk holder").isFalse();

        // InterProcessMutex is owned by a thread: one thread acquires and releases it
        ExecutorService curatorThread = Executors.newSingleThreadExecutor();
        closeables.add(curatorThread::shutdownNow);
        Future<Boolean> curatorGot = curatorThread.submit(() -> theirs.acquire(10, TimeUnit.SECONDS));
        ExclusiveLock second = new ExclusiveLock(ours.tcp().client(), ours.session(), "/locks/shared", LockNodes.guids(new SecureRandom()));
        await().atMost(WAIT).until(() -> ours.tcp().client().getChildren("/locks/shared", false).size() == 2);
        CompletableFuture<Long> minizkGot = second.acquire(); // queued behind Curator's node
        first.release().get(10, TimeUnit.SECONDS);

        assertThat(curatorGot.get(10, TimeUnit.SECONDS)).as("Curator gets the lock after the minizk release").isTrue();
        assertThat(minizkGot).as("the minizk waiter is behind Curator").isNotDone();
        curatorThread.submit(() -> {
            theirs.release();
            return null;
        }).get(10, TimeUnit.SECONDS);
        long secondToken = minizkGot.get(10, TimeUnit.SECONDS);
        assertThat(secondToken).as("fencing tokens grow").isGreaterThan(token);
        assertThat(second.nodeName()).startsWith("_c_").contains("-lock-");
    }

    @Test
    void a_minizk_election_and_a_curator_leader_latch_elect_one_leader_and_hand_over() throws Exception {
        Minizk ours = minizk();
        AtomicBoolean oursLeads = new AtomicBoolean();
        LeaderElection election = new LeaderElection(ours.tcp().client(), ours.session(), "/election/shared", "minizk",
                LockNodes.guids(new SecureRandom()), new LeaderElection.Listener() {
                    @Override
                    public void isLeader() {
                        oursLeads.set(true);
                    }

                    @Override
                    public void notLeader() {
                        oursLeads.set(false);
                    }
                });
        ours.tcp().runtime().execute(election::start);
        await().atMost(WAIT).untilTrue(oursLeads);

        LeaderLatch latch = new LeaderLatch(curator(), "/election/shared", "curator");
        closeables.add(latch);
        latch.start();
        assertThat(latch.await(300, TimeUnit.MILLISECONDS)).as("the latch waits behind the minizk leader").isFalse();

        ours.tcp().runtime().execute(election::close);
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("leadership handed to Curator").isTrue();
        assertThat(oursLeads).isFalse();
    }
}
