package dev.minizk.client;

import dev.minizk.sim.TimerId;

import java.util.concurrent.CompletableFuture;

/**
 * Everything time- and thread-related the client needs, supplied by a runtime. The client core
 * is a single-threaded state machine: it is entered only through {@link #execute} and
 * {@link #schedule} (and the transport's listener, which a runtime also calls on that loop), so
 * it needs no locks. In-process, one thread runs the whole world on a virtual clock; the final
 * system gives each client an event-loop thread, TCP and the wall clock.
 */
public interface ClientRuntime {

    Transport transport();

    /** The current time in ms, as this runtime's clock says. */
    long now();

    /** Runs the task on the client's single-threaded loop, after the tasks already given to it. */
    void execute(Runnable task);

    /**
     * Runs the task on the client's loop after {@code delayMillis}, unless {@link #cancel}led
     * first. The id is the simulator's timer id, so the course has one kind of timer handle.
     */
    TimerId schedule(long delayMillis, Runnable task);

    /** Calls off a task given to {@link #schedule}; one that ran or was cancelled is left alone. */
    void cancel(TimerId timer);

    /**
     * Runs a callback on the client's event thread: one at a time, in the order given. Watcher
     * callbacks <em>and</em> the completion of request futures go through here, so an application
     * sees a watch event before the reply to any later request (ZooKeeper's EventThread).
     */
    void dispatchEvent(Runnable callback);

    /**
     * Blocks until the future completes, at most {@code timeoutMillis} of this runtime's time,
     * and returns its value. A failure is rethrown unwrapped (a {@code KeeperException} stays a
     * {@code KeeperException}); running out of time throws KeeperException REQUESTTIMEOUT.
     * In-process this does not block: it runs the world until the future is done.
     * {@link Futures#await} implements the rules once for every runtime.
     */
    <T> T await(CompletableFuture<T> future, long timeoutMillis);
}
