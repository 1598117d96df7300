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

    /**
     * A timer is not work: a world whose only pending events are timers not yet due is idle
     * ({@link Simulator#runUntilIdle}). Every other event is something in flight.
     */
    default boolean isTimer() {
        return false;
    }

    /** One method per kind of event. */
    interface Handler {
        void start(Start event);

        void delivery(Delivery event);

        void peerLinkBroken(PeerLinkBroken event);

        void timer(TimerFire event);

        void syncDone(SyncDone event);

        void fault(ScheduledFault event);

        void act(Act event);

        void linkOpen(LinkOpen event);

        void linkMessage(LinkMessage event);

        void linkClose(LinkClose event);

        void clientTask(ClientTask event);
    }

    /** The first event of an incarnation: {@link Node#start}. */
    record Start(int node, int incarnation) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.start(this);
        }
    }

    /**
     * A message arrives at {@code to}; {@code injected} ones were put there by a test, past every
     * fault. {@code connection} is the generation of the connection it travels on (with
     * {@link NetworkFaults#connections}; else {@link #NO_CONNECTION}): if that connection broke
     * meanwhile, the message is lost.
     */
    record Delivery(int from, int to, Object message, int toIncarnation, boolean injected, long connection) implements SimEvent {
        public static final long NO_CONNECTION = -1;

        public Delivery(int from, int to, Object message, int toIncarnation, boolean injected) {
            this(from, to, message, toIncarnation, injected, NO_CONNECTION);
        }

        @Override
        public void dispatchTo(Handler handler) {
            handler.delivery(this);
        }
    }

    /**
     * {@code node} learns that its connection {@code connection} to {@code peer} broke (with
     * {@link NetworkFaults#connections}): {@link Node#onPeerLinkBroken}.
     */
    record PeerLinkBroken(int node, int incarnation, int peer, long connection, String why) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.peerLinkBroken(this);
        }
    }

    /** A timer falls due (unless it was cancelled: then it never comes out of the queue). */
    record TimerFire(int node, int incarnation, TimerId id, TimerTag tag) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.timer(this);
        }

        @Override
        public boolean isTimer() {
            return true;
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

    /** A client's link reaches the server with its first message (a handshake). */
    record LinkOpen(long link, Object hello) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.linkOpen(this);
        }
    }

    /** A message on a client link arrives at one end. */
    record LinkMessage(long link, boolean toServer, Object message) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.linkMessage(this);
        }
    }

    /** One end of a client link learns that the other closed it, that it was refused, or ({@code dropped}) that it was dropped. */
    record LinkClose(long link, boolean toServer, boolean dropped) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.linkClose(this);
        }
    }

    /**
     * Work a client machine gave its own loop: a task to run next, or (with a timer id) one
     * to run after a delay on its clock. Client libraries are callbacks, so this one carries code.
     */
    record ClientTask(int client, TimerId timer, Runnable task) implements SimEvent {
        @Override
        public void dispatchTo(Handler handler) {
            handler.clientTask(this);
        }

        @Override
        public boolean isTimer() {
            return timer != null;
        }

        @Override
        public String toString() {
            return "ClientTask[client " + client + (timer == null ? "" : ", " + timer) + "]";
        }
    }
}
