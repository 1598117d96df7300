package dev.minizk.load;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
                            owner.create("/crash/eph-" + round + "-" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
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
            check(connectString, load, probes);
        }
    }

    /** Waits until the writers have had some more creates acknowledged: the load goes on. */
    private static void awaitProgress(CreateLoad load) {
        int before = load.acknowledgedCount();
        await().atMost(Duration.ofMillis(WAIT_MILLIS)).pollInterval(Duration.ofMillis(20))
                .until(() -> load.acknowledgedCount() >= before + 50);
    }

    /** Through a fresh session, after a sync: every acknowledged create is there, sequential names unique, no ephemeral left. */
    private static void check(String connectString, CreateLoad load, Set<String> probes) throws Exception {
        ZooKeeper zk = LoadDriver.connect(connectString, 30_000);
        try {
            CompletableFuture<Void> synced = new CompletableFuture<>();
            zk.sync("/crash", (rc, path, ctx) -> synced.complete(null), null);
            synced.get(30, TimeUnit.SECONDS);
            Set<String> children = new HashSet<>(zk.getChildren("/crash", false));
            Map<String, String> acknowledged = load.acknowledged();
            for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                String name = write.getKey().substring("/crash/".length());
                assertThat(children).as("acknowledged create %s", write.getKey()).contains(name);
            }
            for (String path : sampleOf(acknowledged.keySet(), 500)) {
                assertThat(new String(zk.getData(path, false, null), StandardCharsets.UTF_8)).as(path).isEqualTo(acknowledged.get(path));
            }
            for (String path : probes) {
                assertThat(children).contains(path.substring("/crash/".length()));
            }
            List<String> sequential = load.sequentialNames();
            assertThat(new HashSet<>(sequential)).as("sequential names given twice").hasSameSizeAs(sequential);
            assertThat(sequential).as("sequential creates acknowledged").isNotEmpty();
            // Every session that made ephemerals was closed (or, had its close been lost, expires within 6 s).
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> zk.getChildren("/crash", false).stream().noneMatch(c -> c.startsWith("eph-")));
        } finally {
            zk.close(5_000);
        }
    }

    /** At most {@code n} of the paths, spread over them: reading each of thousands back one by one would take long. */
    private static List<String> sampleOf(Set<String> paths, int n) {
        List<String> all = new ArrayList<>(paths);
        List<String> sample = new ArrayList<>();
        int step = Math.max(1, all.size() / n);
        for (int i = 0; i < all.size(); i += step) {
            sample.add(all.get(i));
        }
        return sample;
    }
}
