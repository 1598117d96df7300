package dev.minizk.load;

import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Write load for the crash tests: several stock-client sessions, each with a bounded number of
 * asynchronous creates outstanding under one parent, alternating a persistent node with a name of
 * its own and a persistent sequential node. It remembers every create the ensemble acknowledged
 * (the path it answered, the data sent) and every name a sequential create was given, duplicates
 * kept, so a check afterwards can ask that each is there and that no name was handed out twice.
 */
final class CreateLoad implements AutoCloseable {
    private final String parent;
    private final List<ZooKeeper> clients;
    private final int outstanding;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> sequentialNames = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> writers = new ArrayList<>();

    private CreateLoad(String parent, List<ZooKeeper> clients, int outstanding) {
        this.parent = parent;
        this.clients = clients;
        this.outstanding = outstanding;
    }

    /** Starts {@code sessions} writers on the connect string, each keeping up to {@code outstanding} creates in flight. */
    static CreateLoad start(String connectString, String parent, int sessions, int outstanding) throws Exception {
        List<ZooKeeper> clients = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            clients.add(LoadDriver.connect(connectString, 30_000));
        }
        CreateLoad load = new CreateLoad(parent, clients, outstanding);
        for (int w = 0; w < sessions; w++) {
            int writer = w;
            Thread thread = new Thread(() -> load.write(writer), "crash-load-writer-" + w);
            thread.setDaemon(true);
            load.writers.add(thread);
            thread.start();
        }
        return load;
    }

    /** Acknowledged creates so far: path to data. */
    Map<String, String> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Every name the ensemble gave a sequential create, in the order the answers came, duplicates kept. */
    List<String> sequentialNames() {
        synchronized (sequentialNames) {
            return List.copyOf(sequentialNames);
        }
    }

    /** Creates that failed (connection loss while a server died, mostly): their outcome is unknown, and not checked. */
    long failures() {
        return failures.get();
    }

    private void write(int writer) {
        ZooKeeper zk = clients.get(writer);
        Semaphore slots = new Semaphore(outstanding);
        long n = 0;
        while (running.get()) {
            try {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue; // all in flight (or the client reconnecting): look at running again
                }
            } catch (InterruptedException e) {
                return;
            }
            n++;
            boolean sequential = n % 2 == 0;
            String data = "w" + writer + "-" + n;
            String path = parent + (sequential ? "/seq-" : "/p-" + data);
            zk.create(path, data.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT,
                    (AsyncCallback.StringCallback) (rc, asked, ctx, name) -> {
                        slots.release();
                        if (rc != KeeperException.Code.OK.intValue()) {
                            failures.incrementAndGet();
                            return;
                        }
                        acknowledged.put(name, data);
                        if (sequential) {
                            synchronized (sequentialNames) {
                                sequentialNames.add(name);
                            }
                        }
                    }, null);
        }
    }

    /** Stops the writers, waits (bounded) for their last answers, closes the sessions. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread writer : writers) {
            writer.join(5_000);
        }
        for (ZooKeeper zk : clients) {
            zk.close(5_000);
        }
    }
}
