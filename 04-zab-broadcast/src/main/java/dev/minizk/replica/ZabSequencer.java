package dev.minizk.replica;

import dev.minizk.server.RequestPipeline;
import dev.minizk.server.Sequencer;
import dev.minizk.server.WritePrep;
import dev.minizk.server.WriteRequest;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.Txn;
import dev.minizk.txn.TxnHeader;
import dev.minizk.zab.Leader;
import dev.minizk.zab.Learner;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.Role;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sequencer of a replica's request pipeline: stage 02's seam, filled by whatever role the
 * replica has now.
 *
 * <ul>
 * <li><b>Leading</b> (established): a write, its client's or one a learner forwarded, is
 * prepped ({@link WritePrep}, against the tree plus every txn prepped before it), given the next
 * zxid of the epoch and proposed; it comes back through the commit path on every server.</li>
 * <li><b>Following or observing</b> (up to date): a write goes to the leader as a
 * {@link PeerMessage.Request}; the server answers its client when the txn comes back committed,
 * found by (session, cxid).</li>
 * <li><b>Looking</b>, or not yet serving: nothing comes here, since the server closed its
 * client connections and refuses new ones; a write that does is a bug, and the server crashes.</li>
 * </ul>
 *
 * <p><b>Flow control.</b> Each server hands the sequencer at most so many of its clients'
 * requests at once ({@link RequestPipeline}'s bound, ZooKeeper's {@code globalOutstandingLimit});
 * past it, the pipeline stops reading from its connections, and the backlog stays with the
 * clients. The leader keeps its proposals in flight under {@link Leader#canPropose}: what it
 * cannot propose yet waits here, in order, and goes out as commits make room. That queue is
 * bounded too, by the servers' bounds added up (asserted): nobody's queue grows with the load.
 * The leader proposes only between events ({@link #afterEvent}), never in the middle of
 * applying a commit, so its COMMITs always go out in zxid order.
 *
 * <p><b>Sessions.</b> Only the leader expires sessions; a learner's pings carry the sessions its
 * clients touched and the leader touches them ({@link #touchSessions}).
 */
final class ZabSequencer implements Sequencer, ClientSide {
    private final RequestPipeline pipeline;
    private Replica replica;
    private final boolean ttlEnabled;
    private final int maxWaiting;

    /** The leader whose prep this is: a new reign preps from its own applied tree. */
    private Leader preppedFor;
    private WritePrep prep;
    /** At the leader: writes and syncs not proposed yet (no room, or in the middle of an event), oldest first. */
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    /** How many of {@code waiting} came from clients (the bound is theirs: the leader's own writes are one per expired session or reaped container). */
    private int waitingForClients;
    /** At a learner: the syncs sent to the leader, and what to do when each comes back. */
    private final Map<SyncKey, Runnable> syncsSent = new HashMap<>();

    /** A write to propose, or a sync to answer once the proposals before it are committed. */
    private sealed interface Waiting {
        boolean fromClient();
    }

    private record Write(WriteRequest write) implements Waiting {
        @Override
        public boolean fromClient() {
            return !write.identities().equals(WriteRequest.SERVER);
        }
    }

    private record Sync(Runnable answer) implements Waiting {
        @Override
        public boolean fromClient() {
            return true;
        }
    }

    private record SyncKey(long sessionId, int cxid) {
    }

    /**
     * @param maxWaiting the most writes and syncs the leader may keep waiting: every server's
     *                   bound of requests in flight added up, and the leader's own writes
     */
    ZabSequencer(RequestPipeline pipeline, boolean ttlEnabled, int maxWaiting) {
        this.pipeline = pipeline;
        this.ttlEnabled = ttlEnabled;
        this.maxWaiting = maxWaiting;
    }

    /** The replica whose role decides what this sequencer does; once, before it starts. */
    void bind(Replica on) {
        if (replica != null) {
            throw new IllegalStateException("the sequencer is bound to server " + replica.id() + " already");
        }
        replica = on;
    }

    // ------------------------------------------------------------------ who serves

    /** The established leader this server is, or null. */
    private Leader leading() {
        return replica.role() instanceof Leader leader && leader.isEstablished() ? leader : null;
    }

    /** The up-to-date learner this server is, or null. */
    private Learner learning() {
        return replica.role() instanceof Learner learner && learner.isServing() ? learner : null;
    }

    /** May the server take clients: an established leader, or a learner up to date with its leader? */
    boolean serving() {
        return leading() != null || learning() != null;
    }

    @Override
    public boolean leads() {
        return leading() != null;
    }

    @Override
    public void roleChanged(Role role) {
        waiting.clear();
        waitingForClients = 0;
        syncsSent.clear();
        preppedFor = null;
        prep = null;
        pipeline.stopServing();
    }

    // ------------------------------------------------------------------ writes

    /**
     * One of this server's writes: its clients' (through the pipeline) or its own (a session's
     * expiry, a container reaped, at the leader only).
     *
     * <p>Hint (04.6): leading, the write waits its turn ({@link #await}) and is proposed after
     * the event; up to date as a learner, it goes to the leader as a {@link PeerMessage.Request};
     * otherwise the server must not have taken it: crash ({@code IllegalStateException}).
     */
    @Override
    public void submit(WriteRequest write) {
        // BEGIN SOLUTION 04.6
        Learner learner = learning();
        if (leading() != null) {
            await(new Write(write));
        } else if (learner != null) {
            replica.send(learner.leader(), new PeerMessage.Request(write));
        } else {
            throw new IllegalStateException("server " + replica.id() + " is not serving (" + replica.role().name()
                    + ") but was handed a write: " + write);
        }
        // STUB: throw new UnsupportedOperationException("TODO 04.6: order " + write + " on an ensemble");
        // END SOLUTION
    }

    /**
     * A forwarded write or a sync from a peer.
     *
     * <p>Hint (04.6): a {@link PeerMessage.Request} counts only at an established leader, from a
     * learner it serves ({@link Leader#learners} says {@code SERVING}); anything else is traced
     * and dropped (the learner's connection is gone, and so are its clients' connections).
     */
    @Override
    public void onClientTraffic(int from, PeerMessage message) {
        if (message instanceof PeerMessage.Request request) {
            // BEGIN SOLUTION 04.6
            Leader leader = leading();
            if (leader != null && "SERVING".equals(leader.learners().get(from))) {
                await(new Write(request.write()));
            } else {
                replica.trace("dropped, not from a learner this leader serves: " + message);
            }
            // END SOLUTION
        } else if (message instanceof PeerMessage.Sync sync) {
            onSync(from, sync);
        } else {
            throw new IllegalArgumentException("not a client's message: " + message);
        }
    }

    private void await(Waiting next) {
        if (next.fromClient() && ++waitingForClients > maxWaiting) {
            throw new IllegalStateException("leader " + replica.id() + " holds " + waitingForClients
                    + " clients' requests, past the servers' bounds added up (" + maxWaiting + "): a server ignores its bound");
        }
        waiting.addLast(next);
    }

    private Waiting nextWaiting() {
        Waiting next = waiting.removeFirst();
        if (next.fromClient()) {
            waitingForClients--;
        }
        return next;
    }

    /**
     * The end of every event the replica handles: the leader proposes what waits, in order,
     * while it may ({@link Leader#canPropose}); a sync waits behind the writes before it.
     *
     * <p>Hint (04.6): a new reign preps from its own tree: a fresh {@link WritePrep} per leader
     * ({@code preppedFor}). Each write's header carries its session, cxid,
     * {@link Leader#nextZxid} and the clock ({@link Replica#now}); prep it, then
     * {@link Leader#propose}. A sync is handed to {@link Leader#afterOutstandingCommitted}.
     */
    void afterEvent() {
        Leader leader = leading();
        if (leader == null) {
            return;
        }
        // BEGIN SOLUTION 04.6
        if (preppedFor != leader) {
            preppedFor = leader;
            prep = new WritePrep(pipeline.tree(), ttlEnabled);
        }
        while (!waiting.isEmpty() && (waiting.peekFirst() instanceof Sync || leader.canPropose())) {
            Waiting next = nextWaiting();
            if (next instanceof Write w) {
                WriteRequest write = w.write();
                TxnHeader header = new TxnHeader(write.sessionId(), write.cxid(), leader.nextZxid(), replica.now());
                Txn txn = prep.prepare(header, write);
                leader.propose(new LoggedTxn(header, txn));
            } else if (next instanceof Sync s) {
                leader.afterOutstandingCommitted(s.answer());
            }
        }
        // STUB: return;
        // END SOLUTION
    }

    /** A txn is applied here: the leader's prep forgets what it kept of it. */
    void applied(long zxid) {
        if (prep != null) {
            prep.applied(zxid);
        }
    }

    // ------------------------------------------------------------------ sync and sessions

    /**
     * A client's sync on this server.
     *
     * <p>Hint (04.7): leading, it waits its turn like a write (behind the writes not yet
     * proposed). As a learner, remember {@code done} by (session, cxid) and send a
     * {@link PeerMessage.Sync} to the leader. Not serving: crash, as for a write.
     */
    @Override
    public void sync(long sessionId, int cxid, Runnable done) {
        // BEGIN SOLUTION 04.7
        Learner learner = learning();
        if (leading() != null) {
            await(new Sync(done));
        } else if (learner != null) {
            syncsSent.put(new SyncKey(sessionId, cxid), done);
            replica.send(learner.leader(), new PeerMessage.Sync(sessionId, cxid));
        } else {
            throw new IllegalStateException("server " + replica.id() + " is not serving but was handed a sync");
        }
        // STUB: done.run(); // TODO 04.7: a sync on an ensemble goes through the leader
        // END SOLUTION
    }

    /**
     * A SYNC from a peer.
     *
     * <p>Hint (04.7): at an established leader, from a learner it serves: wait its turn and
     * send the same SYNC back once the proposals before it are committed. At an up-to-date
     * learner, from its leader: the answer to one of ours; run what was remembered for it.
     * Anything else is traced and dropped.
     */
    private void onSync(int from, PeerMessage.Sync sync) {
        // BEGIN SOLUTION 04.7
        Leader leader = leading();
        Learner learner = learning();
        if (leader != null && "SERVING".equals(leader.learners().get(from))) {
            await(new Sync(() -> replica.send(from, sync)));
        } else if (learner != null && learner.leader() == from) {
            Runnable done = syncsSent.remove(new SyncKey(sync.sessionId(), sync.cxid()));
            if (done != null) {
                done.run();
            }
        } else {
            replica.trace("dropped, not from a peer this server serves with: " + sync);
        }
        // END SOLUTION
    }

    @Override
    public Set<Long> drainTouchedSessions() {
        return pipeline.drainTouchedSessions();
    }

    /**
     * Hint (04.7): only an established leader keeps sessions alive, and only for a learner it
     * serves: touch them in the pipeline ({@link RequestPipeline#touchSessions}).
     */
    @Override
    public void touchSessions(int learner, Set<Long> sessions) {
        // BEGIN SOLUTION 04.7
        Leader leader = leading();
        if (leader != null && "SERVING".equals(leader.learners().get(learner))) {
            pipeline.touchSessions(sessions);
        }
        // END SOLUTION
    }

    /** Writes and syncs the leader holds, not yet proposed. */
    int waiting() {
        return waiting.size();
    }
}
