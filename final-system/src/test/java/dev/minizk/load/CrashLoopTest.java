package dev.minizk.load;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes of real minizk server processes under load from the stock ZooKeeper client: the leader
 * killed with SIGKILL {@code crash.rounds} times (3 in a build; {@code -Dcrash.rounds=20} for a
 * longer run), each time brought back as a follower, and then every server killed at once and
 * all started again. Afterwards every acknowledged create is there with its data, no sequential
 * name was given twice, and no ephemeral of a closed session survives. Prints the failover times
 * (kill to the first acknowledged write).
 */
@Timeout(900)
class CrashLoopTest {
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    /** Each wait is bounded: a leader on a loaded 2-core machine, with three JVMs starting at once, can take a while. */
    private static final long WAIT_MILLIS = 90_000;

    @TempDir
    Path dir;

    @Test
    void the_leader_killed_under_load_and_then_every_server_at_once_lose_no_acknowledged_write() throws Exception {
        try (ProcessEnsemble ensemble = ProcessEnsemble.start(ProcessEnsemble.Kind.MINIZK, 3, dir, 200, "256m")) {
            assertThat(ensemble.awaitLeader(WAIT_MILLIS)).as("a leader").isPresent();
            String connectString = ensemble.connectString();
            ZooKeeper probe = LoadDriver.connect(connectString, 30_000);
            Set<String> probes = new HashSet<>();
            List<String> ephemerals = new ArrayList<>();
            List<Long> failoverMillis = new ArrayList<>();
            long fullRestartMillis;
            CreateLoad load;
            try {
                probe.create("/crash", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                load = CreateLoad.start(connectString, "/crash", 4, 8);
                try {
                    for (int round = 1; round <= ROUNDS; round++) {
                        int leader = ensemble.awaitLeader(WAIT_MILLIS).orElseThrow();
                        ZooKeeper owner = LoadDriver.connect(connectString, 6_000);
                        for (int i = 0; i < 5; i++) {
                            ephemerals.add(owner.create("/crash/eph-" + round + "-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                    CreateMode.EPHEMERAL));
                        }
                        awaitProgress(load);
                        long killedAt = System.nanoTime();
                        ensemble.kill(leader);
                        Failover.FirstWrite first = Failover.firstWrite(probe, "/crash/probe-" + round, killedAt, WAIT_MILLIS);
                        probes.add(first.path());
                        failoverMillis.add(first.millis());
                        owner.close(10_000); // the ephemerals were made under the old leader, the close goes to the new one
                        ensemble.restart(leader);
                        assertThat(ensemble.awaitLeader(WAIT_MILLIS)).as("all three serve again after round " + round).isPresent();
                    }
                    awaitProgress(load);
                    long killedAt = System.nanoTime();
                    for (int id : ensemble.ids()) {
                        ensemble.kill(id);
                    }
                    for (int id : ensemble.ids()) {
                        ensemble.restart(id);
                    }
                    Failover.FirstWrite first = Failover.firstWrite(probe, "/crash/probe-all", killedAt, WAIT_MILLIS);
                    probes.add(first.path());
                    fullRestartMillis = first.millis();
                    awaitProgress(load);
                } finally {
                    load.close();
                }
                System.out.printf("crash loop: %d leader kills under load, failover (kill -> first acknowledged write) %s ms;"
                                + " all 3 killed and restarted: first write after %d ms (3 JVMs starting);"
                                + " %d creates acknowledged, %d failed or unknown%n",
                        ROUNDS, failoverMillis, fullRestartMillis, load.acknowledgedCount(), load.failures());
            } finally {
                probe.close(5_000);
            }
            check(connectString, load, probes, ephemerals);
        }
    }

    /** Waits until the writers have had some more creates acknowledged: the load goes on. */
    private static void awaitProgress(CreateLoad load) {
        int before = load.acknowledgedCount();
        await().atMost(Duration.ofMillis(WAIT_MILLIS)).pollInterval(Duration.ofMillis(20))
                .until(() -> load.acknowledgedCount() >= before + 50);
    }

    /** Through a fresh session, after a sync: every acknowledged create is there, sequential names unique, no ephemeral left. */
    private static void check(String connectString, CreateLoad load, Set<String> probes, List<String> ephemerals) throws Exception {
        ZooKeeper zk = LoadDriver.connect(connectString, 30_000);
        try {
            CompletableFuture<Void> synced = new CompletableFuture<>();
            zk.sync("/crash", (rc, path, ctx) -> synced.complete(null), null);
            synced.get(30, TimeUnit.SECONDS);
            Map<String, String> expected = new HashMap<>(load.acknowledged());
            probes.forEach(path -> expected.put(path, ""));
            assertThat(differences(zk, expected)).as("acknowledged creates missing or with other data").isEmpty();
            List<String> sequential = load.sequentialNames();
            assertThat(new HashSet<>(sequential)).as("sequential names given twice").hasSameSizeAs(sequential);
            assertThat(sequential).as("sequential creates acknowledged").isNotEmpty();
            // Every session that made ephemerals was closed (or, had its close been lost, expires within 6 s).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> noneExists(zk, ephemerals));
        } finally {
            zk.close(5_000);
        }
    }

    /**
     * Reads every expected node back (asynchronously, a bounded number at a time: there are
     * thousands; a listing of the parent could pass the client's 1 MB frame limit in a long run);
     * returns each path that is missing or holds other data, with what was found.
     */
    private static Map<String, String> differences(ZooKeeper zk, Map<String, String> expected) throws InterruptedException {
        Map<String, String> wrong = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(256);
        for (Map.Entry<String, String> node : expected.entrySet()) {
            assertThat(inFlight.tryAcquire(30, TimeUnit.SECONDS)).as("reads answered").isTrue();
            zk.getData(node.getKey(), false, (rc, path, ctx, data, stat) -> {
                String found = rc != KeeperException.Code.OK.intValue() ? KeeperException.Code.get(rc).name()
                        : new String(data, StandardCharsets.UTF_8);
                if (!found.equals(node.getValue())) {
                    wrong.put(path, found);
                }
                inFlight.release();
            }, null);
        }
        assertThat(inFlight.tryAcquire(256, 30, TimeUnit.SECONDS)).as("reads answered").isTrue();
        return wrong;
    }

    private static boolean noneExists(ZooKeeper zk, List<String> paths) throws KeeperException, InterruptedException {
        for (String path : paths) {
            if (zk.exists(path, false) != null) {
                return false;
            }
        }
        return true;
    }
}
