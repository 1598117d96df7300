package dev.minizk.load;

import dev.minizk.differential.RealZooKeeper;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.ensemble.EnsembleServer;
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
import java.util.function.LongSupplier;
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
    record Result(String server, String workload, long ops, double seconds, long p50Nanos, long p99Nanos, long errors,
                  long serverCpuMillis) {
        double opsPerSecond() {
            return ops / seconds;
        }

        /** The servers' CPU time per 1,000 operations (all processes of the ensemble); -1 when not measured. */
        double serverCpuMillisPerThousand() {
            return serverCpuMillis < 0 ? -1 : serverCpuMillis * 1000.0 / ops;
        }
    }

    /** The settings, from {@code --name value} arguments. */
    record Settings(int sessions, int outstanding, int seconds, int warmupSeconds, int valueBytes, int keysPerSession,
                    List<String> workloads, List<String> systems, int servers, String heap, int failovers, int rounds) {
        static final List<String> WORKLOADS = List.of("read", "write", "mixed", "create");

        static Settings parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'"
                            + " (options: --sessions --outstanding --seconds --warmup --value-bytes --workloads --systems"
                            + " --servers --heap --failovers --rounds)");
                }
                given.put(args[i].substring(2), args[++i]);
            }
            Settings s = new Settings(number(given, "sessions", 16), number(given, "outstanding", 16),
                    number(given, "seconds", 10), number(given, "warmup", 3), number(given, "value-bytes", 1024),
                    number(given, "keys-per-session", 4),
                    List.of(given.getOrDefault("workloads", String.join(",", WORKLOADS)).split(",")),
                    List.of(given.getOrDefault("systems", "minizk,zookeeper").split(",")),
                    number(given, "servers", 1), given.getOrDefault("heap", "1g"), number(given, "failovers", 3),
                    number(given, "rounds", 1));
            given.keySet().removeAll(List.of("sessions", "outstanding", "seconds", "warmup", "value-bytes",
                    "keys-per-session", "workloads", "systems", "servers", "heap", "failovers", "rounds"));
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
            System.out.printf("Ensembles of %d server processes each (127.0.0.1..%d, tickTime %d ms, -Xmx%s, fsync on for both),"
                    + " all started first; each workload runs on each in turn, %d round(s), the median round kept;"
                    + " the clients in this JVM%n", settings.servers, settings.servers, ENSEMBLE_TICK_MILLIS, settings.heap,
                    settings.rounds);
            failovers = onEnsembles(settings, results);
        }
        printRatios(results);
        printFailovers(failovers);
        System.exit(0); // the stock clients' and servers' threads would otherwise linger
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "  %-6s %-10s %10.0f ops/s  p50 %6.2f ms  p99 %6.2f ms%s%s%n", r.workload, r.server,
                r.opsPerSecond(), r.p50Nanos / 1e6, r.p99Nanos / 1e6,
                r.serverCpuMillis < 0 ? "" : String.format(Locale.ROOT, "  servers' CPU %.0f ms per 1000 ops",
                        r.serverCpuMillisPerThousand()),
                r.errors == 0 ? "" : "  (" + r.errors + " errors)");
    }

    /**
     * Ensembles of processes: every system's is started first (an idle ensemble only exchanges
     * pings), then each workload runs on each system in turn, {@code --rounds} times, so that a
     * change in the machine's load (other programs) weighs on both alike; per system and workload
     * the round with the median throughput is kept. Then {@code --failovers} times, on each system
     * in turn: SIGKILL to the leader, the time to the first acknowledged write, the killed server
     * started again. Returns the failover times by system.
     */
    private static Map<String, List<Long>> onEnsembles(Settings settings, List<Result> results) throws Exception {
        Path root = Files.createTempDirectory("minizk-bench-");
        Map<String, ProcessEnsemble> ensembles = new LinkedHashMap<>();
        Map<String, List<Long>> failoverMillis = new LinkedHashMap<>();
        try {
            for (String system : settings.systems) {
                ProcessEnsemble.Kind kind = system.equals("minizk") ? ProcessEnsemble.Kind.MINIZK : ProcessEnsemble.Kind.ZOOKEEPER;
                ensembles.put(system, ProcessEnsemble.start(kind, settings.servers, root.resolve(system), ENSEMBLE_TICK_MILLIS,
                        settings.heap));
            }
            for (ProcessEnsemble ensemble : ensembles.values()) {
                awaitLeader(ensemble);
            }
            for (String workload : settings.workloads) {
                Map<String, List<Result>> rounds = new LinkedHashMap<>();
                for (int round = 1; round <= settings.rounds; round++) {
                    for (String system : settings.systems) {
                        ProcessEnsemble ensemble = ensembles.get(system);
                        Result r = run(system, ensemble.connectString(), settings, workload, "/load-" + workload + "-" + round,
                                ensemble::cpuMillis);
                        rounds.computeIfAbsent(system, k -> new ArrayList<>()).add(r);
                        print(r);
                    }
                }
                rounds.values().forEach(runs -> results.add(medianByThroughput(runs)));
            }
            for (int i = 1; i <= settings.failovers; i++) {
                for (String system : settings.systems) {
                    long millis = failover(ensembles.get(system), "/failover-" + i);
                    failoverMillis.computeIfAbsent(system, k -> new ArrayList<>()).add(millis);
                }
            }
        } catch (Exception | Error e) {
            ensembles.values().forEach(ProcessEnsemble::close);
            System.out.println("the servers' files and logs (server.log) are kept in " + root);
            throw e;
        }
        ensembles.values().forEach(ProcessEnsemble::close);
        deleteQuietly(root);
        return failoverMillis;
    }

    private static Result medianByThroughput(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparingDouble(Result::opsPerSecond));
        return sorted.get(sorted.size() / 2);
    }

    /** SIGKILL to the leader, then the time until a stock client's write is acknowledged; the killed server started again. */
    private static long failover(ProcessEnsemble ensemble, String path) throws Exception {
        ZooKeeper probe = connect(ensemble.connectString(), 30_000);
        try {
            int leader = awaitLeader(ensemble);
            long killedAt = System.nanoTime();
            ensemble.kill(leader);
            long millis = Failover.firstWrite(probe, path, killedAt, 120_000).millis();
            System.out.printf("  failover %-10s leader (server %d) killed: first write acknowledged after %d ms%n",
                    ensemble.kind().label, leader, millis);
            ensemble.restart(leader);
            awaitLeader(ensemble);
            return millis;
        } finally {
            probe.close(2_000);
        }
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
        ServerRuntime server = EnsembleServer.standalone(RuntimeConfig.loopback(ServerConfig.defaults())).runtime();
        try {
            return run("minizk", server.connectString(), settings, workload, "/load", () -> -1);
        } finally {
            server.close();
        }
    }

    private static Result onZooKeeper(Settings settings, String workload) throws Exception {
        try (RealZooKeeper server = RealZooKeeper.start(2_000)) {
            return run("zookeeper", server.connectString(), settings, workload, "/load", () -> -1);
        }
    }

    /** Side by side: each workload's (kept) minizk and ZooKeeper results and the ratios minizk / ZooKeeper. */
    private static void printRatios(List<Result> results) {
        System.out.println();
        System.out.println("minizk vs ZooKeeper (ratio minizk / ZooKeeper: throughput above 1.00 = minizk faster;"
                + " latency and CPU below 1.00 = minizk faster or cheaper)");
        System.out.printf("  %-8s %12s %12s %7s %22s %22s %18s%n", "workload", "minizk ops/s", "ZK ops/s", "ratio",
                "p50 minizk / ZK (ms)", "p99 minizk / ZK (ms)", "CPU ms/1000 ops");
        for (Result ours : results) {
            if (!ours.server.equals("minizk")) {
                continue;
            }
            for (Result theirs : results) {
                if (theirs.server.equals("zookeeper") && theirs.workload.equals(ours.workload)) {
                    System.out.printf(Locale.ROOT, "  %-8s %12.0f %12.0f %7.2f %22s %22s %18s%n", ours.workload,
                            ours.opsPerSecond(), theirs.opsPerSecond(), ours.opsPerSecond() / theirs.opsPerSecond(),
                            String.format(Locale.ROOT, "%.2f / %.2f (%.2f)", ours.p50Nanos / 1e6, theirs.p50Nanos / 1e6,
                                    (double) ours.p50Nanos / theirs.p50Nanos),
                            String.format(Locale.ROOT, "%.2f / %.2f (%.2f)", ours.p99Nanos / 1e6, theirs.p99Nanos / 1e6,
                                    (double) ours.p99Nanos / theirs.p99Nanos),
                            ours.serverCpuMillis < 0 ? "-" : String.format(Locale.ROOT, "%.0f / %.0f",
                                    ours.serverCpuMillisPerThousand(), theirs.serverCpuMillisPerThousand()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ one run

    /** One workload; {@code serverCpuMillis} reads the servers' CPU time so far (-1: not known), taken around the measured part. */
    private static Result run(String name, String connectString, Settings s, String workload, String parent,
                              LongSupplier serverCpuMillis) throws Exception {
        List<ZooKeeper> clients = new ArrayList<>();
        try {
            for (int i = 0; i < s.sessions; i++) {
                clients.add(connect(connectString, 30_000));
            }
            byte[] value = new byte[s.valueBytes];
            ThreadLocalRandom.current().nextBytes(value);
            String[] keys = new String[s.sessions * s.keysPerSession];
            ZooKeeper setup = clients.get(0);
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
            long cpuAtStart = serverCpuMillis.getAsLong();
            TimeUnit.SECONDS.sleep(s.seconds);
            loop.measuring(false);
            long cpu = cpuAtStart < 0 ? -1 : serverCpuMillis.getAsLong() - cpuAtStart;
            double seconds = (System.nanoTime() - start) / 1e9;
            loop.stop();
            long[] latencies = loop.latencies();
            Arrays.sort(latencies);
            Result result = new Result(name, workload, latencies.length, seconds, percentile(latencies, 50), percentile(latencies, 99),
                    loop.errors.get(), cpu);
            if (s.servers > 1) {
                loop.deleteCreated(setup); // an ensemble lives on through every round: keep its tree (and snapshots) from growing
            }
            return result;
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
