package dev.minizk.sim;

/**
 * A client machine in the simulated world: its own clock (skewed like a server's), a loop that
 * runs its tasks one at a time, and the {@link LinkEnd}s it opens to servers. A client library
 * runs on it through an adapter (stage 02's {@code dev.minizk.simclient}); the simulator runs
 * its tasks and link messages in the same queue as the servers' messages and timers.
 */
public final class ClientMachine {
    private final ClientLinks links;
    private final int id;
    private final String name;
    private final HostClock clock;
    /** Cut off from every server: its links stall, new ones are refused. */
    boolean cutOff;

    ClientMachine(ClientLinks links, int id, String name, HostClock clock) {
        this.links = links;
        this.id = id;
        this.name = name;
        this.clock = clock;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** This machine's clock in ms (compare only with times read on the same machine). */
    public long now() {
        return clock.localTime(links.now());
    }

    /** Runs the task on this machine's loop, after what is already queued now. */
    public void execute(Runnable task) {
        links.task(this, null, 0, task);
    }

    /** Runs the task after {@code delayMillis} of this machine's clock, unless cancelled. */
    public TimerId schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis);
        }
        return links.task(this, links.nextTimerId(), clock.globalDelay(delayMillis), task);
    }

    /** Cancels a task scheduled with {@link #schedule}; one that ran or was cancelled is left alone. */
    public void cancel(TimerId timer) {
        links.cancel(timer);
    }

    /**
     * Opens a link to server {@code server}, {@code hello} its first message. Never calls the
     * listener from inside: a refused link (server down, not serving clients, this machine cut
     * off) is reported later with {@link LinkListener#onClosed}.
     */
    public LinkEnd open(int server, Object hello, LinkListener listener) {
        return links.open(this, server, hello, listener);
    }

    @Override
    public String toString() {
        return "client machine " + name;
    }
}
