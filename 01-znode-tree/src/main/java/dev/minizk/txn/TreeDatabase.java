package dev.minizk.txn;

import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.DataTree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A tree with its write path, for one process: prep, assign a zxid, apply, keep the log.
 * It is what a standalone server does with a write, minus sessions and clients, and what
 * the tests, notebooks and benchmarks of stage 01 drive. Time is a manual clock: nothing
 * here reads the wall clock, so a run is repeatable.
 */
public final class TreeDatabase {
    /** Session ids made here carry this top byte, like a ZooKeeper server id. */
    private static final long FIRST_SESSION = 0x0100_0000_0000_0001L;

    private final DataTree tree;
    private final TxnBuilder builder;
    private final TxnProcessor processor;
    private final List<LoggedTxn> log = new ArrayList<>();
    private long now = 1_000;
    private long nextSession = FIRST_SESSION;
    private int nextCxid = 1;
    private long lastAllocatedZxid; // owned by the allocator, not read back from the tree: no two writes share one

    public TreeDatabase() {
        this(new DataTree(), true);
    }

    public TreeDatabase(DataTree tree, boolean ttlEnabled) {
        this.tree = tree;
        this.builder = new TxnBuilder(tree, ttlEnabled);
        this.processor = new TxnProcessor(tree);
        this.lastAllocatedZxid = tree.lastProcessedZxid();
    }

    /** Preps, logs and applies one write for a session; a failed check still takes a zxid. */
    public TxnResult submit(long sessionId, Op op) {
        TxnHeader header = nextHeader(sessionId);
        return commit(header, builder.prepare(header, op, AccessPolicy.OPEN));
    }

    /** Starts a session (a createSession txn) and returns its id. */
    public long openSession(int timeoutMillis) {
        long session = nextSession++;
        commit(nextHeader(session), new Txn.CreateSession(timeoutMillis));
        return session;
    }

    /** Ends a session: its ephemeral nodes go, in one txn. */
    public TxnResult closeSession(long sessionId) {
        TxnHeader header = nextHeader(sessionId);
        return commit(header, builder.closeSession(header));
    }

    private TxnHeader nextHeader(long sessionId) {
        return new TxnHeader(sessionId, nextCxid++, ++lastAllocatedZxid, now);
    }

    private TxnResult commit(TxnHeader header, Txn txn) {
        if (header.zxid() <= tree.lastProcessedZxid()) {
            throw new IllegalStateException("txn " + Zxid.format(header.zxid()) + " applied after " + Zxid.format(tree.lastProcessedZxid())
                    + ": zxids must strictly increase");
        }
        log.add(new LoggedTxn(header, txn));
        TxnResult result = processor.apply(header, txn);
        builder.applied(header.zxid());
        return result;
    }

    // ---- conveniences for scenarios (no session: persistent nodes only)

    public TxnResult create(String path, String data, CreateMode mode) {
        return submit(0, new Op.Create(path, bytes(data), Acl.OPEN_ACL_UNSAFE, mode));
    }

    public TxnResult create(String path, String data) {
        return create(path, data, CreateMode.PERSISTENT);
    }

    public TxnResult setData(String path, String data, int expectedVersion) {
        return submit(0, new Op.SetData(path, bytes(data), expectedVersion));
    }

    public TxnResult delete(String path, int expectedVersion) {
        return submit(0, new Op.Delete(path, expectedVersion));
    }

    public TxnResult multi(Op... ops) {
        return submit(0, new Op.Multi(List.of(ops)));
    }

    // ---- state

    public DataTree tree() {
        return tree;
    }

    /** The sessions opened and not yet closed (replicated state, next to the tree). */
    public SessionTable sessions() {
        return processor.sessions();
    }

    /** Every txn applied so far, in zxid order. */
    public List<LoggedTxn> log() {
        return Collections.unmodifiableList(log);
    }

    public long now() {
        return now;
    }

    public void advanceClock(long millis) {
        now += millis;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
