package dev.minizk.load;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import java.util.concurrent.TimeUnit;

/**
 * Failover as a client sees it: from the moment a server was killed to the first write the
 * ensemble acknowledges, through a stock client whose connect string names every server. The
 * client finds the new leader on its own (a broken connection, a server that does not serve yet
 * and turns it away, the next address of the connect string); the time includes its reconnect
 * pauses (the stock client waits up to 1 s at random before each reconnect).
 */
final class Failover {
    /** What one measurement found: the time, and the node whose create was acknowledged. */
    record FirstWrite(long millis, String path) {
    }

    private Failover() {
    }

    /**
     * Creates {@code prefix-1}, {@code prefix-2}, ... (a new name per attempt, so an attempt whose
     * answer was lost cannot make the next fail) until one is acknowledged.
     *
     * @throws IllegalStateException if none is within {@code maxMillis}
     */
    static FirstWrite firstWrite(ZooKeeper client, String prefix, long killedAtNanos, long maxMillis) throws InterruptedException {
        long deadline = killedAtNanos + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            String path = prefix + "-" + attempt;
            try {
                client.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                return new FirstWrite(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNanos), path);
            } catch (KeeperException e) {
                TimeUnit.MILLISECONDS.sleep(5); // connection loss or not served yet: the client is moving on
            }
        }
        throw new IllegalStateException("no write acknowledged within " + maxMillis + " ms of the kill");
    }
}
