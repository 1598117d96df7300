package dev.minizk.load;

import dev.minizk.differential.RealZooKeeper;
import dev.minizk.net.RuntimeConfig;
import dev.minizk.net.ServerRuntime;
import dev.minizk.server.ServerConfig;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load driver: the stock ZooKeeper client's async API, N sessions each keeping M requests
 * outstanding (closed loop: every answer sends the next request), 1 KB values, against the minizk
 * server and a real ZooKeeper 3.9.5 standalone server started here, one after the other, with the
 * same settings. Prints ops/s and p50/p99 latency per workload and the ratios minizk/ZooKeeper.
 *
 * <pre>
 *   ./bench final                                   # defaults: 16 sessions x 16 outstanding, 10 s each
 *   ./bench final --sessions 8 --outstanding 32 --seconds 5 --workloads read,mixed
 * </pre>
 *
 * Both servers run in this JVM beside the clients (one machine, as the course's), and ZooKeeper
 * runs with {@code forceSync=no}: minizk keeps its data in memory until stage 05, so ZooKeeper
 * is not made to wait for the disk either. Not a unit test: run it by hand.
 */
public final class LoadDriver {
    /** What one run measured. */
    record Result(String server, String workload, long ops, double seconds, long p50Nanos, long p99Nanos, long errors) {
        double opsPerSecond() {
            return ops / seconds;
        }
    }

    /** The settings, from {@code --name value} arguments. */
    record Settings(int sessions, int outstanding, int seconds, int warmupSeconds, int valueBytes, int keysPerSession,
                    List<String> workloads, List<String> servers) {
        static Settings parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'"
                            + " (options: --sessions --outstanding --seconds --warmup --value-bytes --workloads --servers)");
                }
                given.put(args[i].substring(2), args[++i]);
            }
            Settings s = new Settings(number(given, "sessions", 16), number(given, "outstanding", 16),
                    number(given, "seconds", 10), number(given, "warmup", 3), number(given, "value-bytes", 1024),
                    number(given, "keys-per-session", 4),
                    List.of(given.getOrDefault("workloads", "read,write,mixed").split(",")),
                    List.of(given.getOrDefault("servers", "minizk,zookeeper").split(",")));
            given.keySet().removeAll(List.of("sessions", "outstanding", "seconds", "warmup", "value-bytes",
                    "keys-per-session", "workloads", "servers"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown option --" + given.keySet().iterator().next());
            }
            for (String w : s.workloads) {
                if (!List.of("read", "write", "mixed").contains(w)) {
                    throw new IllegalArgumentException("workload '" + w + "' is not read, write or mixed");
                }
            }
            for (String server : s.servers) {
                if (!List.of("minizk", "zookeeper").contains(server)) {
                    throw new IllegalArgumentException("server '" + server + "' is not minizk or zookeeper");
                }
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
        System.out.println("ZooKeeper 3.9.5 runs with forceSync=no: minizk does not persist anything until stage 05.");
        List<Result> results = new ArrayList<>();
        for (String workload : settings.workloads) {
            for (String server : settings.servers) {
                Result r = server.equals("minizk") ? onMinizk(settings, workload) : onZooKeeper(settings, workload);
                results.add(r);
                System.out.printf(Locale.ROOT, "  %-6s %-10s %10.0f ops/s  p50 %6.2f ms  p99 %6.2f ms%s%n", workload, server,
                        r.opsPerSecond(), r.p50Nanos / 1e6, r.p99Nanos / 1e6, r.errors == 0 ? "" : "  (" + r.errors + " errors)");
            }
        }
        printRatios(results);
        System.exit(0); // the stock clients' and servers' threads would otherwise linger
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
                clients.add(connect(connectString));
            }
            byte[] value = new byte[s.valueBytes];
            ThreadLocalRandom.current().nextBytes(value);
            String[] keys = new String[s.sessions * s.keysPerSession];
            ZooKeeper setup = clients.get(0);
            setup.create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int k = 0; k < keys.length; k++) {
                keys[k] = "/load/k" + k;
                setup.create(keys[k], value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            int readPercent = switch (workload) {
                case "read" -> 100;
                case "write" -> 0;
                default -> 90;
            };
            Loop loop = new Loop(clients, keys, value, readPercent, s.outstanding);
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

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no session with " + connectString);
        }
        return zk;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
    }

    /**
     * The closed loop. Each session's callbacks run on that client's one event thread, so its
     * latency list needs no lock; the lists are read only after {@link #stop}.
     */
    private static final class Loop {
        private final List<ZooKeeper> clients;
        private final String[] keys;
        private final byte[] value;
        private final int readPercent;
        private final int outstanding;
        private final List<long[]> samples = new ArrayList<>();
        private final int[] counts;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean measuring;
        final AtomicInteger errors = new AtomicInteger();

        Loop(List<ZooKeeper> clients, String[] keys, byte[] value, int readPercent, int outstanding) {
            this.clients = clients;
            this.keys = keys;
            this.value = value;
            this.readPercent = readPercent;
            this.outstanding = outstanding;
            this.counts = new int[clients.size()];
            for (int i = 0; i < clients.size(); i++) {
                samples.add(new long[1 << 16]);
            }
        }

        void start() {
            for (int c = 0; c < clients.size(); c++) {
                for (int i = 0; i < outstanding; i++) {
                    send(c);
                }
            }
        }

        void measuring(boolean on) {
            measuring = on;
        }

        private void send(int c) {
            ZooKeeper zk = clients.get(c);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String key = keys[random.nextInt(keys.length)];
            long sent = System.nanoTime();
            inFlight.incrementAndGet();
            if (random.nextInt(100) < readPercent) {
                zk.getData(key, false, (AsyncCallback.DataCallback) (rc, path, ctx, data, stat) -> done(c, rc, sent), null);
            } else {
                zk.setData(key, value, -1, (AsyncCallback.StatCallback) (rc, path, ctx, stat) -> done(c, rc, sent), null);
            }
        }

        private void done(int c, int rc, long sent) {
            long latency = System.nanoTime() - sent;
            if (rc != KeeperException.Code.OK.intValue()) {
                errors.incrementAndGet();
            }
            if (measuring) {
                long[] mine = samples.get(c);
                if (counts[c] == mine.length) {
                    mine = Arrays.copyOf(mine, mine.length * 2);
                    samples.set(c, mine);
                }
                mine[counts[c]++] = latency;
            }
            inFlight.decrementAndGet(); // after recording: stop() reads the samples once this reaches 0
            if (running.get()) {
                send(c);
            }
        }

        /** Stops sending and waits (bounded) for the answers still on their way. */
        void stop() throws InterruptedException {
            running.set(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }

        long[] latencies() {
            int total = 0;
            for (int count : counts) {
                total += count;
            }
            long[] all = new long[total];
            int at = 0;
            for (int c = 0; c < counts.length; c++) {
                System.arraycopy(samples.get(c), 0, all, at, counts[c]);
                at += counts[c];
            }
            return all;
        }
    }
}
