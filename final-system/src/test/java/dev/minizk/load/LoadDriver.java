package dev.minizk.load;

import dev.minizk.differential.RealZooKeeper;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.net.ServerRuntime;
import dev.minizk.server.ServerConfig;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Load driver: the stock ZooKeeper client's async API, N sessions each keeping M requests
 * outstanding (closed loop: every answer sends the next request, {@link ClosedLoop}), 1 KB values,
 * against minizk and a real ZooKeeper 3.9.5, one after the other, with the same settings. Prints
 * ops/s and p50/p99 latency per workload (read, write, mixed = 90 % reads, create) and the
 * ratios minizk/ZooKeeper.
 *
 * <pre>
 *   ./bench final                                   # standalone servers: 16 sessions x 16 outstanding, 10 s each
 *   ./bench final --sessions 8 --outstanding 32 --seconds 5 --workloads read,mixed
 *   ./bench final --servers 3                       # 3-server ensembles of processes, fsync on, and failover times
 * </pre>
 *
 * With {@code --servers 1} (the default) both servers run in this JVM beside the clients, and
 * ZooKeeper runs with {@code forceSync=no}: the standalone minizk server (stage 02) keeps its data
 * in memory, so ZooKeeper is not made to wait for the disk either. With {@code --servers 3} each
 * system runs as an ensemble of separate processes ({@link ProcessEnsemble}: same zoo.cfg, java,
 * class path and heap, fsync on for both) and after the workloads its leader is killed
 * {@code --failovers} times ({@link Failover}). Not a unit test: run it by hand.
 */
public final class LoadDriver {
    /** An ensemble's tickTime, the same for both systems: minizk ensemble's default. */
    static final int ENSEMBLE_TICK_MILLIS = 500;

    /** What one run measured. */
    record Result(String server, String workload, long ops, double seconds, long p50Nanos, long p99Nanos, long errors) {
        double opsPerSecond() {
            return ops / seconds;
        }
    }

    /** The settings, from {@code --name value} arguments. */
    record Settings(int sessions, int outstanding, int seconds, int warmupSeconds, int valueBytes, int keysPerSession,
                    List<String> workloads, List<String> systems, int servers, String heap, int failovers) {
        static final List<String> WORKLOADS = List.of("read", "write", "mixed", "create");

        static Settings parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'"
                            + " (options: --sessions --outstanding --seconds --warmup --value-bytes --workloads --systems"
                            + " --servers --heap --failovers)");
                }
                given.put(args[i].substring(2), args[++i]);
            }
            Settings s = new Settings(number(given, "sessions", 16), number(given, "outstanding", 16),
                    number(given, "seconds", 10), number(given, "warmup", 3), number(given, "value-bytes", 1024),
                    number(given, "keys-per-session", 4),
                    List.of(given.getOrDefault("workloads", String.join(",", WORKLOADS)).split(",")),
                    List.of(given.getOrDefault("systems", "minizk,zookeeper").split(",")),
                    number(given, "servers", 1), given.getOrDefault("heap", "1g"), number(given, "failovers", 3));
            given.keySet().removeAll(List.of("sessions", "outstanding", "seconds", "warmup", "value-bytes",
                    "keys-per-session", "workloads", "systems", "servers", "heap", "failovers"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
            }
            for (String w : s.workloads) {
                if (!WORKLOADS.contains(w)) {
                    throw new IllegalArgumentException("workload '" + w + "' is not one of " + WORKLOADS);
                }
            }
            for (String system : s.systems) {
                if (!List.of("minizk", "zookeeper").contains(system)) {
                    throw new IllegalArgumentException("--systems: '" + system + "' is not minizk or zookeeper");
                }
            }
            if (s.servers != 1 && s.servers != 3 && s.servers != 5) {
                throw new IllegalArgumentException("--servers must be 1 (standalone, in this JVM), 3 or 5 (an ensemble of processes), was "
                        + s.servers);
            }
            if (!s.heap.matches("\\d+[mg]")) {
                throw new IllegalArgumentException("--heap '" + s.heap + "' is not a size like 512m or 1g");
            }
            return s;
        }

        private static int number(Map<String, String> given, String name, int otherwise) {
            String text = given.get(name);
            if (text == null) {
                return otherwise;
            }
            try {
                int value = Integer.parseInt(text);
                if (value <= 0) {
                    throw new IllegalArgumentException("--" + name + " must be positive, was " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " '" + text + "' is not a number");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("minizk load: %d sessions x %d outstanding, %d-byte values, %d s warm-up + %d s per run, %d cores%n",
                settings.sessions, settings.outstanding, settings.valueBytes, settings.warmupSeconds, settings.seconds,
                Runtime.getRuntime().availableProcessors());
        List<Result> results = new ArrayList<>();
        Map<String, List<Long>> failovers = new LinkedHashMap<>();
        if (settings.servers == 1) {
            System.out.println("Standalone servers in this JVM; ZooKeeper 3.9.5 runs with forceSync=no: the standalone minizk"
                    + " server (stage 02) keeps its data in memory.");
            for (String workload : settings.workloads) {
                for (String system : settings.systems) {
                    Result r = system.equals("minizk") ? onMinizk(settings, workload) : onZooKeeper(settings, workload);
                    results.add(r);
                    print(r);
                }
            }
        } else {
            System.out.printf("Ensembles of %d server processes each (127.0.0.1..%d, tickTime %d ms, -Xmx%s, fsync on for both);"
                    + " one ensemble at a time, the clients in this JVM%n", settings.servers, settings.servers, ENSEMBLE_TICK_MILLIS,
                    settings.heap);
            for (String system : settings.systems) {
                failovers.put(system, onEnsemble(settings, system, results));
            }
        }
        printRatios(results);
        printFailovers(failovers);
        System.exit(0); // the stock clients' and servers' threads would otherwise linger
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %-6s %-10s %10.0f ops/s  p50 %6.2f ms  p99 %6.2f ms%s%n", r.workload, r.server,
                r.opsPerSecond(), r.p50Nanos / 1e6, r.p99Nanos / 1e6, r.errors == 0 ? "" : "  (" + r.errors + " errors)");
    }

    /**
     * Every workload on one ensemble of separate processes, then {@code --failovers} times: SIGKILL
     * to the leader, the time to the first acknowledged write, the killed server started again.
     * Returns the failover times.
     */
    private static List<Long> onEnsemble(Settings settings, String system, List<Result> results) throws Exception {
        ProcessEnsemble.Kind kind = system.equals("minizk") ? ProcessEnsemble.Kind.MINIZK : ProcessEnsemble.Kind.ZOOKEEPER;
        Path root = Files.createTempDirectory("minizk-bench-" + system + "-");
        List<Long> failoverMillis = new ArrayList<>();
        try (ProcessEnsemble ensemble = ProcessEnsemble.start(kind, settings.servers, root, ENSEMBLE_TICK_MILLIS, settings.heap)) {
            awaitLeader(ensemble);
            for (String workload : settings.workloads) {
                Result r = run(system, ensemble.connectString(), settings, workload);
                results.add(r);
                print(r);
            }
            ZooKeeper probe = connect(ensemble.connectString(), 30_000);
            try {
                for (int i = 1; i <= settings.failovers; i++) {
                    int leader = awaitLeader(ensemble);
                    long killedAt = System.nanoTime();
                    ensemble.kill(leader);
                    long millis = Failover.firstWrite(probe, "/failover-" + i, killedAt, 120_000).millis();
                    failoverMillis.add(millis);
                    System.out.printf("  failover %-10s leader (server %d) killed: first write acknowledged after %d ms%n",
                            system, leader, millis);
                    ensemble.restart(leader);
                }
            } finally {
                probe.close(2_000);
            }
        } finally {
            deleteQuietly(root);
        }
        return failoverMillis;
    }

    private static int awaitLeader(ProcessEnsemble ensemble) throws InterruptedException {
        return ensemble.awaitLeader(120_000).orElseThrow(() -> new IllegalStateException(
                "no " + ensemble.kind().label + " leader within 120 s; the servers' logs (server.log in each folder) say why"));
    }

    private static void printFailovers(Map<String, List<Long>> failovers) {
        if (failovers.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("failover: SIGKILL to the leader -> first write acknowledged (median of the runs; every run)");
        failovers.forEach((system, millis) -> {
            List<Long> sorted = millis.stream().sorted().toList();
            System.out.printf("  %-10s %6d ms   %s%n", system, sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), millis);
        });
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    private static Result onMinizk(Settings settings, String workload) throws Exception {
        ServerRuntime server = ServerRuntime.start(RuntimeConfig.loopback(ServerConfig.defaults()));
        try {
            return run("minizk", server.connectString(), settings, workload);
        } finally {
            server.close();
        }
    }

    private static Result onZooKeeper(Settings settings, String workload) throws Exception {
        try (RealZooKeeper server = RealZooKeeper.start(2_000)) {
            return run("zookeeper", server.connectString(), settings, workload);
        }
    }

    private static void printRatios(List<Result> results) {
        System.out.println();
        System.out.println("ratio minizk / ZooKeeper (throughput above 1.00 = minizk faster; latency below 1.00 = minizk faster)");
        System.out.printf("  %-8s %12s %10s %10s%n", "workload", "throughput", "p50", "p99");
        for (Result ours : results) {
            if (!ours.server.equals("minizk")) {
                continue;
            }
            for (Result theirs : results) {
                if (theirs.server.equals("zookeeper") && theirs.workload.equals(ours.workload)) {
                    System.out.printf(Locale.ROOT, "  %-8s %12.2f %10.2f %10.2f%n", ours.workload,
                            ours.opsPerSecond() / theirs.opsPerSecond(),
                            (double) ours.p50Nanos / theirs.p50Nanos, (double) ours.p99Nanos / theirs.p99Nanos);
                }
            }
        }
    }

    // ------------------------------------------------------------------ one run

    private static Result run(String name, String connectString, Settings s, String workload) throws Exception {
        List<ZooKeeper> clients = new ArrayList<>();
        try {
            for (int i = 0; i < s.sessions; i++) {
                clients.add(connect(connectString, 30_000));
            }
            byte[] value = new byte[s.valueBytes];
            ThreadLocalRandom.current().nextBytes(value);
            String[] keys = new String[s.sessions * s.keysPerSession];
            ZooKeeper setup = clients.get(0);
            String parent = "/load-" + workload; // an ensemble runs every workload, each under its own parent
            setup.create(parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int k = 0; k < keys.length; k++) {
                keys[k] = parent + "/k" + k;
                setup.create(keys[k], value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            ClosedLoop loop = new ClosedLoop(clients, parent, keys, value, ClosedLoop.Mix.of(workload), s.outstanding);
            loop.start();
            TimeUnit.SECONDS.sleep(s.warmupSeconds);
            loop.measuring(true);
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(s.seconds);
            loop.measuring(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            loop.stop();
            long[] latencies = loop.latencies();
            Arrays.sort(latencies);
            return new Result(name, workload, latencies.length, seconds, percentile(latencies, 50), percentile(latencies, 99),
                    loop.errors.get());
        } finally {
            for (ZooKeeper zk : clients) {
                zk.close(1_000);
            }
        }
    }

    /** A stock client with a session on the connect string (waits up to 20 s for it). */
    static ZooKeeper connect(String connectString, int sessionTimeoutMillis) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeoutMillis, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no session with " + connectString);
        }
        return zk;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
    }
}
