package dev.minizk.conformance;

import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** §8 items 11 and 12: pipelined replies keep their order; the 1 MB frame limit. */
@Timeout(30)
class PipelineAndLimitsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void five_hundred_pipelined_requests_come_back_in_order() throws Exception {
        ZooKeeper zk = server.client();
        zk.create("/pipe", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Integer> codes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(500);
        for (int i = 0; i < 500; i++) {
            int n = i;
            switch (i % 3) {
                case 0 -> zk.create("/pipe/n" + i, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (AsyncCallback.StringCallback) (rc, p, ctx, name) -> record(n, rc, order, codes, done), null);
                case 1 -> zk.setData("/pipe", ("v" + i).getBytes(), -1,
                        (rc, p, ctx, stat) -> record(n, rc, order, codes, done), null);
                default -> zk.getData("/pipe", false, (rc, p, ctx, data, stat) -> record(n, rc, order, codes, done), null);
            }
        }
        assertThat(done.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());
        assertThat(codes).containsOnly(0);
    }

    private static void record(int n, int rc, List<Integer> order, List<Integer> codes, CountDownLatch done) {
        order.add(n);
        codes.add(rc);
        done.countDown();
    }

    @Test
    void data_just_under_a_megabyte_works_and_a_frame_over_the_limit_closes_only_that_connection() throws Exception {
        TestServer.Events bystanderEvents = new TestServer.Events();
        ZooKeeper bystander = server.client(server.connectString(), 20 * TestServer.TICK, bystanderEvents);
        ZooKeeper zk = server.client();
        long session = zk.getSessionId();

        byte[] big = new byte[1_048_000];
        big[0] = 1;
        big[big.length - 1] = 2;
        zk.create("/big", big, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(zk.getData("/big", false, null)).isEqualTo(big);

        assertThatThrownBy(() -> zk.setData("/big", new byte[1_048_576], -1))
                .isInstanceOfSatisfying(KeeperException.class,
                        e -> assertThat(e.code()).isEqualTo(KeeperException.Code.CONNECTIONLOSS));

        // Nothing was stored, the session survives (the client reconnects), others never noticed.
        await().atMost(Duration.ofSeconds(5)).until(() -> zk.getState().isConnected());
        assertThat(zk.getSessionId()).isEqualTo(session);
        assertThat(bystander.getData("/big", false, null)).isEqualTo(big);
        assertThat(bystanderEvents.states()).containsOnly(KeeperState.SyncConnected);
        assertThat(server.runtime.internalErrorCount()).isZero();
    }
}
