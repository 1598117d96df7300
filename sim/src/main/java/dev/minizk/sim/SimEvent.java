package dev.minizk.sim;

import java.util.function.Consumer;

/**
 * What can be due in the simulator's queue. Every event is a value naming the node it is for,
 * the incarnation it was meant for (an event of an incarnation that crashed is dropped when it
 * comes up) and its payload, so the queue can be printed, compared and copied. Only
 * {@link Act} carries code: an outside stimulus written by a test.
 *
 * <p>Handling is exhaustive: {@link #dispatchTo} names one {@link Handler} method per kind, so
 * a new kind of event does not compile until every handler says what it does with it.
 */
public sealed interface SimEvent {

    /** Calls the handler's method for this kind of event. */
    void dispatchTo(Handler handler);

    /** One method per kind of event. */
    interface Handler {
        void start(Start event);

        void delivery(Delivery event);

        void timer(TimerFire event);

        void syncDone(SyncDone event);

        void fault(ScheduledFault event);

        void act(Act event);
    }

    /** The first event of an incarnation: {@link Node#start}. */
    record Start(int node, int incarnation) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.start(this);
        }
    }

    /** A message arrives at {@code to}; {@code injected} ones were put there by a test, past every fault. */
    record Delivery(int from, int to, Object message, int toIncarnation, boolean injected) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.delivery(this);
        }
    }

    /** A timer falls due (unless it was cancelled: then it never comes out of the queue). */
    record TimerFire(int node, int incarnation, TimerId id, TimerTag tag) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.timer(this);
        }
    }

    /** A sync of {@code file} completes: its first {@code upTo} bytes are durable. */
    record SyncDone(int node, int incarnation, SyncId id, String file, int upTo) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.syncDone(this);
        }
    }

    /** A fault the scenario scheduled for this time. */
    record ScheduledFault(Fault fault) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.fault(this);
        }
    }

    /** A test's stimulus, run on a live node inside the simulation. */
    record Act(int node, int incarnation, String description, Consumer<?> action) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.act(this);
        }

        @Override
        public String toString() {
            return "Act[node " + node + ", incarnation " + incarnation + ", " + description + "]";
        }
    }
}
