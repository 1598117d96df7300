package dev.minizk.zab;

import dev.minizk.election.QuorumVerifier;
import dev.minizk.txn.LoggedTxn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ZabContext} for driving one role by hand: it records what the role sends and why it
 * ended, and keeps a history over an in-memory list of delivered txns.
 */
final class ScriptedContext implements ZabContext {

    /** A message the role sent. */
    record Sent(int to, PeerMessage message) {
    }

    final List<Sent> sent = new ArrayList<>();
    final List<LoggedTxn> delivered = new ArrayList<>();
    private final int id;
    private final QuorumVerifier verifier;
    private final History history;
    private final Map<Long, Integer> established = new TreeMap<>();
    long acceptedEpoch;
    long currentEpoch;
    String endedBecause;
    ZabConfig config = ZabConfig.simulated();
    /**
     * While true, the log is slow: {@link #whenLogged} actions wait until {@link #flushLog}, as
     * they wait for a sync on a disk (stage 05). While false they run at once, as in memory.
     */
    boolean slowLog;
    private final List<Runnable> waitingForLog = new ArrayList<>();

    ScriptedContext(int id, QuorumVerifier verifier) {
        this.id = id;
        this.verifier = verifier;
        this.history = new History(id, new ReplicatedState() {
            private long last;

            @Override
            public void deliver(LoggedTxn committed) {
                delivered.add(committed);
                last = committed.header().zxid();
            }

            @Override
            public long lastDeliveredZxid() {
                return last;
            }

            @Override
            public byte[] snapshot() {
                return new byte[0];
            }

            @Override
            public void restore(byte[] snapshot, long zxid) {
                delivered.clear();
                last = zxid;
            }
        }, ZabEvents.NONE);
    }

    List<PeerMessage> sentTo(int to) {
        return sent.stream().filter(s -> s.to() == to).map(Sent::message).toList();
    }

    /** What the role sent to {@code to} of one kind of message, in order. */
    <M extends PeerMessage> List<M> sentTo(int to, Class<M> kind) {
        return sentTo(to).stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The slow log's sync completes: everything waiting for it runs, in the order it was asked for. */
    void flushLog() {
        List<Runnable> due = List.copyOf(waitingForLog);
        waitingForLog.clear();
        due.forEach(Runnable::run);
    }

    @Override
    public void whenLogged(Role role, Runnable action) {
        if (slowLog) {
            waitingForLog.add(action);
        } else {
            action.run();
        }
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public void send(int to, PeerMessage message) {
        sent.add(new Sent(to, message));
    }

    @Override
    public void trace(String what) {
    }

    @Override
    public QuorumVerifier verifier() {
        return verifier;
    }

    @Override
    public ZabConfig config() {
        return config;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public ZabEvents events() {
        return ZabEvents.NONE;
    }

    @Override
    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    @Override
    public void setAcceptedEpoch(long epoch) {
        acceptedEpoch = epoch;
    }

    @Override
    public long currentEpoch() {
        return currentEpoch;
    }

    @Override
    public void setCurrentEpoch(long epoch) {
        currentEpoch = epoch;
    }

    @Override
    public void noteEstablished(long epoch, int leader) {
        Integer earlier = established.putIfAbsent(epoch, leader);
        if (earlier != null && earlier != leader) {
            throw new IllegalStateException("two leaders in epoch " + epoch);
        }
    }

    @Override
    public void roleEnded(Role role, String why) {
        endedBecause = why;
    }
}
