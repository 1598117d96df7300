package dev.minizk.differential;

import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a workload with the stock ZooKeeper client against one server and describes every op's
 * outcome in server-neutral text: results and error codes, paths, data, the Stat fields that must
 * agree, zxids relative to the server's first workload txn (so equal patterns compare equal across
 * servers), ephemeral owners as session names, and the watch events each session saw by the time
 * the op was answered.
 */
final class WorkloadRunner implements AutoCloseable {
    /** What one op did, as comparable text. */
    record Outcome(String result, List<String> eventsA, List<String> eventsB) {
        @Override
        public String toString() {
            return result + " | A events " + eventsA + " | B events " + eventsB;
        }
    }

    private static final int SESSION_TIMEOUT = 4_000;
    private static final long TTL = 600_000;

    private final String connectString;
    private final Session a;
    private Session b;
    private final Map<Long, String> ownerNames = new HashMap<>();
    private int bGeneration = 1;
    private long base;

    /** One client and the node events its default watcher heard, drained op by op. */
    private static final class Session implements Watcher {
        final ZooKeeper zk;
        private final List<String> events = new ArrayList<>();
        private final CountDownLatch connected = new CountDownLatch(1);

        Session(String connectString) throws IOException, InterruptedException {
            zk = new ZooKeeper(connectString, SESSION_TIMEOUT, this);
            if (!connected.await(10, TimeUnit.SECONDS)) {
                zk.close();
                throw new IllegalStateException("no session with " + connectString);
            }
        }

        @Override
        public synchronized void process(WatchedEvent event) {
            if (event.getType() == Event.EventType.None) {
                if (event.getState() == Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
                return;
            }
            events.add(event.getType() + " " + event.getPath());
        }

        /**
         * The events the server sent before answering a fresh request: replies and events share the
         * client's event thread, so once the callback ran, the earlier events were delivered.
         */
        List<String> barrierAndDrain() throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            zk.exists("/", false, (AsyncCallback.StatCallback) (rc, path, ctx, stat) -> done.countDown(), null);
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer to the barrier");
            }
            synchronized (this) {
                List<String> out = List.copyOf(events);
                events.clear();
                return out;
            }
        }
    }

    /** A runner on a clean namespace: whatever an earlier run left under /d is deleted first. */
    static WorkloadRunner fresh(String connectString) throws Exception {
        return new WorkloadRunner(connectString);
    }

    private WorkloadRunner(String connectString) throws Exception {
        this.connectString = connectString;
        this.a = new Session(connectString);
        if (a.zk.exists("/d", false) != null) {
            ZKUtil.deleteRecursive(a.zk, "/d");
        }
        this.b = new Session(connectString);
        ownerNames.put(a.zk.getSessionId(), "A");
        ownerNames.put(b.zk.getSessionId(), "B1");
        Stat stat = new Stat();
        a.zk.create("/d", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
        base = stat.getCzxid();
        a.zk.create("/d/q", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        a.barrierAndDrain();
        b.barrierAndDrain();
    }

    Outcome run(Op op) throws Exception {
        String result = execute(op);
        return new Outcome(result, a.barrierAndDrain(), b.barrierAndDrain());
    }

    private String execute(Op op) throws Exception {
        if (op instanceof Op.ReopenB) {
            b.zk.close();
            b = new Session(connectString);
            ownerNames.put(b.zk.getSessionId(), "B" + (++bGeneration));
            return "reopened";
        }
        ZooKeeper zk = (op.session() == 0 ? a : b).zk;
        try {
            if (op instanceof Op.Create c) {
                Stat stat = new Stat();
                String path = c.mode().isTTL()
                        ? zk.create(c.path(), bytes(c.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE, c.mode(), stat, TTL)
                        : zk.create(c.path(), bytes(c.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE, c.mode(), stat);
                return "created " + path + " " + stat(stat);
            } else if (op instanceof Op.SetData s) {
                return "set " + stat(zk.setData(s.path(), bytes(s.data()), s.version()));
            } else if (op instanceof Op.Delete d) {
                zk.delete(d.path(), d.version());
                return "deleted";
            } else if (op instanceof Op.DeleteFirstChild d) {
                List<String> children = new ArrayList<>(zk.getChildren(d.parent(), false));
                if (children.isEmpty()) {
                    return "no child";
                }
                children.sort(null);
                zk.delete(d.parent() + "/" + children.get(0), -1);
                return "deleted " + children.get(0);
            } else if (op instanceof Op.GetData g) {
                Stat stat = new Stat();
                byte[] data = zk.getData(g.path(), g.watch(), stat);
                return "data " + text(data) + " " + stat(stat);
            } else if (op instanceof Op.GetChildren g) {
                Stat stat = new Stat();
                List<String> children = new ArrayList<>(zk.getChildren(g.path(), g.watch(), stat));
                children.sort(null);
                return "children " + children + " " + stat(stat);
            } else if (op instanceof Op.Exists e) {
                Stat stat = zk.exists(e.path(), e.watch());
                return stat == null ? "exists null" : "exists " + stat(stat);
            } else if (op instanceof Op.Multi m) {
                try {
                    return "multi ok " + results(zk.multi(toStock(m.ops())));
                } catch (KeeperException e) {
                    return "multi failed " + e.code() + " " + results(e.getResults());
                }
            }
            throw new IllegalArgumentException("not a top-level op: " + op.describe());
        } catch (KeeperException e) {
            return "error " + e.code();
        }
    }

    private static List<org.apache.zookeeper.Op> toStock(List<Op> ops) {
        List<org.apache.zookeeper.Op> stock = new ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.Create c) {
                stock.add(c.mode().isTTL()
                        ? org.apache.zookeeper.Op.create(c.path(), bytes(c.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE, c.mode(), TTL)
                        : org.apache.zookeeper.Op.create(c.path(), bytes(c.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE, c.mode()));
            } else if (op instanceof Op.SetData s) {
                stock.add(org.apache.zookeeper.Op.setData(s.path(), bytes(s.data()), s.version()));
            } else if (op instanceof Op.Delete d) {
                stock.add(org.apache.zookeeper.Op.delete(d.path(), d.version()));
            } else if (op instanceof Op.Check c) {
                stock.add(org.apache.zookeeper.Op.check(c.path(), c.version()));
            } else {
                throw new IllegalArgumentException("not a multi op: " + op.describe());
            }
        }
        return stock;
    }

    private String results(List<OpResult> results) {
        List<String> out = new ArrayList<>();
        for (OpResult r : results == null ? List.<OpResult>of() : results) {
            if (r instanceof OpResult.CreateResult c) {
                out.add("create " + c.getPath() + (c.getStat() == null ? "" : " " + stat(c.getStat())));
            } else if (r instanceof OpResult.DeleteResult) {
                out.add("delete");
            } else if (r instanceof OpResult.SetDataResult sd) {
                out.add("setData " + stat(sd.getStat()));
            } else if (r instanceof OpResult.CheckResult) {
                out.add("check");
            } else if (r instanceof OpResult.ErrorResult e) {
                out.add("error " + KeeperException.Code.get(e.getErr()));
            } else {
                out.add(r.getClass().getSimpleName());
            }
        }
        return out.toString();
    }

    /** The Stat fields that must agree; zxids relative to the workload's first txn; owners by session name. */
    private String stat(Stat s) {
        return "{cz=" + rel(s.getCzxid()) + " mz=" + rel(s.getMzxid()) + " pz=" + rel(s.getPzxid())
                + " v=" + s.getVersion() + " cv=" + s.getCversion() + " av=" + s.getAversion()
                + " len=" + s.getDataLength() + " kids=" + s.getNumChildren() + " owner=" + owner(s.getEphemeralOwner()) + "}";
    }

    private String rel(long zxid) {
        return zxid < base ? "pre" : Long.toString(zxid - base);
    }

    private String owner(long id) {
        if (id == 0) {
            return "none";
        }
        String name = ownerNames.get(id);
        return name != null ? name : "0x" + Long.toHexString(id); // TTL nodes carry their TTL here
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] data) {
        return data == null ? "null" : "\"" + new String(data, StandardCharsets.UTF_8) + "\"";
    }

    @Override
    public void close() throws InterruptedException {
        a.zk.close();
        b.zk.close();
    }
}
