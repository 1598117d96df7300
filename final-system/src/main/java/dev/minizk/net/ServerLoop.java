package dev.minizk.net;

import dev.minizk.sim.EventQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The event loop of a real server process: one thread, one {@link Selector}, a queue of work
 * handed in by other threads, and timers. Everything the server state machine does happens on
 * this thread, so the state machine needs no locks.
 *
 * <p>Timers wait in the simulator's {@link EventQueue} (the course's one (time, seq) queue),
 * keyed by a monotonic clock ({@link System#nanoTime}), so a wall clock that is stepped back or
 * forward neither fires them early nor holds them back.
 *
 * <p>Fail-stop: when the loop or its state machine throws, it does not carry on in a state no
 * one can vouch for. {@link #fail} logs the cause once and stops the loop; {@link #failure()}
 * tells why, and the CLI exits non-zero.
 */
public final class ServerLoop {
    private static final Logger log = LoggerFactory.getLogger(ServerLoop.class);
    /** Far more timers than a server keeps pending; more means something sets timers without bound. */
    private static final int MAX_TIMERS = 100_000;

    /**
     * What the loop drives besides its timers and tasks: the client port, and on an ensemble's
     * server its peer links. A selected key goes to its attachment when that is a
     * {@link SelectionHandler}, else to the first participant (the client port).
     */
    public interface Participant {
        /** Selected keys are handed to their attachment, which must implement this. */
        void onReady(SelectionKey key);

        /** Once per turn, before the loop sleeps: periodic checks, flushing what was queued. */
        void beforeSelect();

        /** Once per turn, after the ready keys were handled. */
        void afterSelect();

        /** ms the loop may sleep at most for the participant's own periodic work; -1 for no limit. */
        long maxWaitMillis();

        /** The loop has ended: close every socket. */
        void shutdown();
    }

    /** The attachment of a selection key that handles its own readiness (a peer link's socket). */
    public interface SelectionHandler {
        void onReady(SelectionKey key);
    }

    /** A timer's action, run on the loop. */
    record Timer(Runnable action) {
    }

    private final Selector selector;
    private final Thread thread;
    private final EventQueue<Timer> timers = new EventQueue<>(MAX_TIMERS);
    /** Work from other threads; guarded by itself so nothing is queued after the loop has ended. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private Participant participant;
    private final List<Participant> others = new ArrayList<>();
    private Runnable startup;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private boolean tasksClosed;

    ServerLoop() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "minizk-loop");
    }

    public Selector selector() {
        return selector;
    }

    /** Starts the thread: {@code startup} runs first on it, then the loop turns. */
    void start(String threadName, Participant driven, Runnable onStart) {
        thread.setName(threadName);
        this.participant = driven;
        this.startup = onStart;
        thread.start();
    }

    /** Another participant (peer links), driven like the first; only before {@link #start}. */
    void addParticipant(Participant more) {
        if (thread.isAlive()) {
            throw new IllegalStateException("participants join before the loop starts");
        }
        others.add(more);
    }

    CompletableFuture<Void> started() {
        return started;
    }

    public boolean isRunning() {
        return running && !terminated.isDone();
    }

    public boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Why the loop stopped on its own, or null (still running, or closed on request). Any thread. */
    Throwable failure() {
        return failure;
    }

    // ------------------------------------------------------------------ timers (loop thread only)

    /** Runs {@code action} on the loop after {@code delayMillis} of the monotonic clock. */
    EventQueue.Entry<Timer> setTimer(long delayMillis, Runnable action) {
        return timers.add(monotonicMillis() + Math.max(0, delayMillis), new Timer(action));
    }

    void cancelTimer(EventQueue.Entry<Timer> timer) {
        timers.cancel(timer);
    }

    /** ms since an arbitrary origin; only differences mean anything. */
    public static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    // ------------------------------------------------------------------ tasks (any thread)

    /** Queues work for the loop thread; false (and it never runs) if the loop has ended. */
    public boolean execute(Runnable task) {
        synchronized (tasks) {
            if (tasksClosed) {
                return false;
            }
            tasks.addLast(task);
        }
        selector.wakeup();
        return true;
    }

    /** Stops the loop and waits for its thread (a few seconds at most). */
    void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Blocks until the loop has ended (after {@link #close()}, or a failure). */
    void awaitTermination() throws InterruptedException {
        try {
            terminated.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally: failure() says why the loop stopped
        }
    }

    /**
     * The state machine or the loop threw: log it once and stop. The loop finishes its turn's
     * bookkeeping and then closes every connection; it serves nothing more.
     */
    public void fail(String what, Throwable cause) {
        if (failure == null) {
            failure = cause;
            log.error("minizk: {}; the server stops (fail-stop: it does not run on in a state it cannot vouch for)", what, cause);
        }
        running = false;
        selector.wakeup();
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        try {
            startup.run();
            started.complete(null);
        } catch (RuntimeException e) {
            started.completeExceptionally(e);
            finish();
            return;
        }
        try {
            while (running) {
                runTasks();
                fireDueTimers();
                if (!running) {
                    break;
                }
                participant.beforeSelect();
                others.forEach(Participant::beforeSelect);
                long wait = waitMillis();
                if (wait == 0 || hasTasks()) {
                    selector.selectNow();
                } else {
                    selector.select(wait < 0 ? 0 : wait);
                }
                handleSelectedKeys();
                participant.afterSelect();
                others.forEach(Participant::afterSelect);
            }
        } catch (IOException | RuntimeException e) {
            fail("the server loop stopped on an unexpected error", e);
        } finally {
            finish();
        }
    }

    /** How long select may sleep: until the next timer or the participant's next check; -1 for as long as it likes. */
    private long waitMillis() {
        long next = timers.nextTime();
        long untilTimer = next == Long.MAX_VALUE ? -1 : Math.max(0, next - monotonicMillis());
        long untilCheck = participant.maxWaitMillis();
        for (Participant other : others) {
            long wait = other.maxWaitMillis();
            untilCheck = untilCheck < 0 ? wait : wait < 0 ? untilCheck : Math.min(untilCheck, wait);
        }
        if (untilTimer < 0) {
            return untilCheck;
        }
        return untilCheck < 0 ? untilTimer : Math.min(untilTimer, untilCheck);
    }

    private void fireDueTimers() {
        long now = monotonicMillis();
        while (running && timers.nextTime() <= now) {
            timers.poll().event().action().run();
        }
    }

    private void handleSelectedKeys() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            try {
                if (key.attachment() instanceof SelectionHandler handler) {
                    handler.onReady(key);
                } else {
                    participant.onReady(key);
                }
            } catch (CancelledKeyException e) {
                // closed while we were looking at it
            }
        }
    }

    private boolean hasTasks() {
        synchronized (tasks) {
            return !tasks.isEmpty();
        }
    }

    private void runTasks() {
        while (running) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.pollFirst();
            }
            if (task == null) {
                return;
            }
            task.run();
        }
    }

    private void finish() {
        running = false;
        List<Runnable> leftover;
        synchronized (tasks) {
            tasksClosed = true;
            leftover = new ArrayList<>(tasks);
            tasks.clear();
        }
        leftover.forEach(Runnable::run); // answers queries against the final state instead of leaving them hanging
        for (Participant each : allParticipants()) {
            try {
                each.shutdown();
            } catch (RuntimeException e) {
                log.warn("error while closing connections: {}", e.toString());
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        terminated.complete(null);
    }

    private List<Participant> allParticipants() {
        List<Participant> all = new ArrayList<>();
        all.add(participant);
        all.addAll(others);
        return all;
    }
}
