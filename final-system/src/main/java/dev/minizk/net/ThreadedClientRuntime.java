package dev.minizk.net;

import dev.minizk.client.ClientRuntime;
import dev.minizk.client.Futures;
import dev.minizk.client.Transport;
import dev.minizk.client.Watcher;
import dev.minizk.client.ZkClient;
import dev.minizk.sim.TimerId;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The course client's runtime for real processes: one loop thread for the single-threaded client
 * core ({@link #execute}, {@link #schedule}, transport callbacks), one event thread for watcher
 * callbacks and completed futures ({@link #dispatchEvent}, ZooKeeper's EventThread), the monotonic
 * wall clock, and TCP ({@link TcpTransport}). {@link #await} blocks the caller with
 * {@code future.get(timeout)}.
 *
 * <p>Both threads are daemons, so a forgotten runtime never keeps a JVM alive; {@link #close}
 * stops them and any connection still open. One runtime serves one {@link ZkClient}.
 */
public final class ThreadedClientRuntime implements ClientRuntime, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThreadedClientRuntime.class);
    private static final AtomicInteger NUMBER = new AtomicInteger();

    private final ScheduledThreadPoolExecutor loop;
    private final ExecutorService events;
    private final TcpTransport transport;
    private volatile Thread loopThread;
    private volatile Thread eventThread;
    private final Object afterClose = new Object();
    /** Timers not yet run, by id, so that {@link #cancel} can find them; a timer removes itself when it runs. */
    private final Map<TimerId, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private final AtomicLong nextTimer = new AtomicLong(1);

    private ThreadedClientRuntime(ConnectString servers, long connectTimeoutMillis) {
        int n = NUMBER.incrementAndGet();
        this.loop = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "minizk-client-loop-" + n);
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        // Timers left when the client is closed must not run after shutdown, nor keep the pool alive.
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loop.setRemoveOnCancelPolicy(true);
        this.events = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "minizk-client-events-" + n);
            t.setDaemon(true);
            eventThread = t;
            return t;
        });
        this.transport = new TcpTransport(servers, this::execute, connectTimeoutMillis);
    }

    /**
     * A runtime whose transport connects to {@code connectString} ({@code host:port[,host:port...]}).
     *
     * @throws IllegalArgumentException naming the bad part of the connect string
     */
    public static ThreadedClientRuntime tcp(String connectString) {
        return new ThreadedClientRuntime(ConnectString.parse(connectString), 5_000);
    }

    /** Connects a course client over TCP and waits for its session; the runtime closes with the client's {@code close}. */
    public static TcpZkClient connect(String connectString, int sessionTimeout, Watcher defaultWatcher) {
        ThreadedClientRuntime runtime = tcp(connectString);
        try {
            return new TcpZkClient(ZkClient.connect(runtime, sessionTimeout, defaultWatcher), runtime);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** A course client and the runtime it runs on, closed together. */
    public record TcpZkClient(ZkClient client, ThreadedClientRuntime runtime) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } finally {
                runtime.close();
            }
        }
    }

    @Override
    public Transport transport() {
        return transport;
    }

    public ConnectString servers() {
        return transport.servers();
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime()); // timeouts need a clock that never jumps
    }

    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(() -> runLogged(task));
        } catch (RejectedExecutionException e) {
            runAfterClose(task);
        }
    }

    @Override
    public TimerId schedule(long delayMillis, Runnable task) {
        TimerId id = new TimerId(nextTimer.getAndIncrement());
        try {
            // The client core schedules on its own loop thread, so the timer cannot run (and
            // remove itself) before it is in the map.
            timers.put(id, loop.schedule(() -> {
                timers.remove(id);
                runLogged(task);
            }, Math.max(0, delayMillis), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            // closed: the timer never runs
        }
        return id;
    }

    @Override
    public void cancel(TimerId timer) {
        ScheduledFuture<?> scheduled = timers.remove(timer);
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public void dispatchEvent(Runnable callback) {
        try {
            events.execute(() -> runLogged(callback));
        } catch (RejectedExecutionException e) {
            runAfterClose(callback);
        }
    }

    /**
     * Once closed, the threads are gone but a client handle may still be called. Running the
     * work on the caller's thread, one caller at a time (the core stays single-threaded), lets
     * a call on the closed handle fail at once with SESSIONEXPIRED instead of timing out.
     */
    private void runAfterClose(Runnable task) {
        synchronized (afterClose) {
            runLogged(task);
        }
    }

    /**
     * Waits for the future on the caller's thread. A sync call from a watcher callback (or the
     * loop) would wait for an answer that only that very thread can deliver, so it is refused
     * at once instead of hanging until the timeout.
     */
    @Override
    public <T> T await(CompletableFuture<T> future, long timeoutMillis) {
        Thread me = Thread.currentThread();
        if ((me == eventThread || me == loopThread) && !future.isDone()) {
            throw new IllegalStateException("a sync call on the client's " + me.getName()
                    + " thread would wait forever; use the async form inside watchers");
        }
        try {
            future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw Futures.timedOut(timeoutMillis);
        } catch (ExecutionException e) {
            // Futures.resultOf rethrows the cause as it was raised
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeeperException(ErrorCode.CONNECTIONLOSS, null, "interrupted while waiting for the server");
        }
        return Futures.resultOf(future);
    }

    /** Stops the threads and closes the connections; closing twice is harmless. */
    @Override
    public void close() {
        transport.closeAll();
        loop.shutdown();
        events.shutdown();
        try {
            // Let the last callbacks (the Closed event, the close() future) reach the application.
            if (Thread.currentThread() != eventThread) {
                events.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop.shutdownNow();
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // A failing watcher must not take the client's threads down with it.
            log.warn("client callback failed", e);
        }
    }
}
