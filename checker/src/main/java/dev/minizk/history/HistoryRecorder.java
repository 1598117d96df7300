package dev.minizk.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Records a history as a run goes, for clients whose calls complete later (asynchronously):
 * {@link #invoke} when a call is made, then exactly one of {@link #ok}, {@link #failed} or
 * {@link #unknown} when its outcome arrives. Calls still pending when the history is taken
 * become unknown outcomes: the run ended before the client learned what happened.
 */
public final class HistoryRecorder {
    private record Call(long session, Command command, long invokedAt) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<Op> completed = new ArrayList<>();
    private final List<WatchEvent> events = new ArrayList<>();
    private long lastTime;

    /** Returns the call's handle. */
    public int invoke(long session, Command command, long now) {
        tick(now);
        calls.add(new Call(session, command, now));
        completed.add(null);
        return calls.size() - 1;
    }

    public void ok(int call, Result result, long zxid, long now) {
        complete(call, Outcome.ok(result, zxid), now);
    }

    public void failed(int call, ZkError error, long zxid, long now) {
        complete(call, Outcome.failed(error, zxid), now);
    }

    /** Connection loss, a timeout, an expired session: the call may or may not have taken effect. */
    public void unknown(int call, long now) {
        complete(call, Outcome.unknown(), now);
    }

    public void event(long session, EventType type, String path, long now) {
        tick(now);
        events.add(new WatchEvent(session, type, path, now));
    }

    /** Everything recorded so far; pending calls end as unknown outcomes at the latest time seen. */
    public History history() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Op op = completed.get(i);
            if (op == null) {
                Call call = calls.get(i);
                op = new Op(call.session(), call.command(), call.invokedAt(), lastTime, Outcome.unknown());
            }
            ops.add(op);
        }
        return new History(ops, events);
    }

    private void complete(int call, Outcome outcome, long now) {
        if (call < 0 || call >= calls.size()) {
            throw new IllegalArgumentException("no call #" + call + " was invoked");
        }
        if (completed.get(call) != null) {
            throw new IllegalStateException("call #" + call + " (" + calls.get(call).command().describe()
                    + ") already completed: " + completed.get(call).outcome());
        }
        tick(now);
        Call c = calls.get(call);
        completed.set(call, new Op(c.session(), c.command(), c.invokedAt(), now, outcome));
    }

    private void tick(long now) {
        if (now < lastTime) {
            throw new IllegalArgumentException("time went backwards: " + now + " after " + lastTime);
        }
        lastTime = now;
    }
}
