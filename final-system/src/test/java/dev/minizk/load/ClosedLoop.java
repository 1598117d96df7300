package dev.minizk.load;

import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load driver's closed loop: every session keeps {@code outstanding} requests in flight, and
 * each answer sends the next. Each session's callbacks run on that client's one event thread, so
 * its latency list needs no lock; the lists are read only after {@link #stop}.
 */
final class ClosedLoop {
    /** What a request is: a getData or setData of a random key (reads in percent), or a create of a new node. */
    record Mix(int readPercent, boolean creates) {
        static Mix of(String workload) {
            return switch (workload) {
                case "read" -> new Mix(100, false);
                case "write" -> new Mix(0, false);
                case "mixed" -> new Mix(90, false);
                case "create" -> new Mix(0, true);
                default -> throw new IllegalArgumentException("no workload '" + workload + "'");
            };
        }
    }

    private final List<ZooKeeper> clients;
    private final String parent;
    private final String[] keys;
    private final byte[] value;
    private final Mix mix;
    private final int outstanding;
    private final List<long[]> samples = new ArrayList<>();
    private final int[] counts;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private volatile boolean measuring;
    final AtomicInteger errors = new AtomicInteger();

    ClosedLoop(List<ZooKeeper> clients, String parent, String[] keys, byte[] value, Mix mix, int outstanding) {
        this.clients = clients;
        this.parent = parent;
        this.keys = keys;
        this.value = value;
        this.mix = mix;
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
        long sent = System.nanoTime();
        inFlight.incrementAndGet();
        if (mix.creates()) {
            zk.create(parent + "/c" + created.incrementAndGet(), value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (AsyncCallback.StringCallback) (rc, path, ctx, name) -> done(c, rc, sent), null);
            return;
        }
        String key = keys[random.nextInt(keys.length)];
        if (random.nextInt(100) < mix.readPercent()) {
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

    /**
     * Deletes the nodes the create workload made (after {@link #stop}; not measured), a bounded
     * number of deletes in flight; a create whose answer never came may have left no node (NONODE).
     */
    void deleteCreated(ZooKeeper zk) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        for (long n = 1; n <= created.get(); n++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("deletes of the created nodes stopped being answered");
            }
            zk.delete(parent + "/c" + n, -1, (rc, path, ctx) -> inFlight.release(), null);
        }
        if (!inFlight.tryAcquire(256, 30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("deletes of the created nodes stopped being answered");
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
