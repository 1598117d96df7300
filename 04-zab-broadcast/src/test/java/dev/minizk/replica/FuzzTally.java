package dev.minizk.replica;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Sums the outcomes of many {@link ZabFuzz} schedules: what failed (the first failure printed
 * whole, with the command that replays it), and one summary line with the counts that say what
 * the schedules exercised: wall and CPU time, events, commits, client ops checked and the history
 * checker's verdicts (UNKNOWN counted, never folded into OK), and liveness.
 */
public final class FuzzTally {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final String title;
    private final String replay;
    private final long started = System.nanoTime();
    private final long cpuStarted = CPU.getCurrentThreadCpuTime();
    private final List<String> failures = new ArrayList<>();
    private int schedules;
    private long events;
    private long commits;
    private long establishments;
    private long clientOps;
    private long crashes;
    private long restarts;
    private long expiries;
    private long slowestSettle;
    private long clients;
    private long clientsServed;
    private int live;
    private final int[] verdicts = new int[ZabFuzz.Verdict.values().length];

    /** @param replay the replay command without its seed */
    public FuzzTally(String replay) {
        this("Zab schedules with clients", replay);
    }

    /** @param title what the schedules are, for the summary ("Zab schedules with clients") */
    public FuzzTally(String title, String replay) {
        this.title = title;
        this.replay = replay;
    }

    public void add(ZabFuzz.Outcome outcome) {
        schedules++;
        events += outcome.events();
        commits += outcome.commits();
        establishments += outcome.establishments();
        if (outcome.history() != ZabFuzz.Verdict.NOT_CHECKED) {
            clientOps += outcome.clientOps();
        }
        crashes += outcome.crashes();
        restarts += outcome.restarts();
        expiries += outcome.expiries();
        clients += outcome.clients();
        clientsServed += outcome.clientsServed();
        slowestSettle = Math.max(slowestSettle, outcome.settleMillis());
        verdicts[outcome.history().ordinal()]++;
        if (outcome.settleMillis() >= 0 && outcome.clientsServed() == outcome.clients()) {
            live++;
        }
        if (!outcome.ok()) {
            if (failures.isEmpty()) {
                System.out.println("---- first failing schedule ----\n" + outcome.describe() + "\n" + outcome.timeline()
                        + "\n---- replay: " + replay + outcome.seed());
            }
            failures.add(outcome.describe());
        }
    }

    public List<String> failures() {
        return failures;
    }

    public int verdicts(ZabFuzz.Verdict verdict) {
        return verdicts[verdict.ordinal()];
    }

    public String summary() {
        return String.format("%d %s in %d ms (%d ms of CPU): %d simulated events, %d commits, %d established"
                        + " epochs, %d crashes, %d restarts, %d sessions expired; %d client ops checked: history OK %d, VIOLATION %d,"
                        + " UNKNOWN %d, not checked %d; liveness %d of %d (an established leader and %d of %d clients served after the heal,"
                        + " the slowest settle %d ms virtual); %d failed",
                schedules, title, (System.nanoTime() - started) / 1_000_000, (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000,
                events, commits, establishments, crashes, restarts, expiries, clientOps,
                verdicts(ZabFuzz.Verdict.OK), verdicts(ZabFuzz.Verdict.VIOLATION), verdicts(ZabFuzz.Verdict.UNKNOWN),
                verdicts(ZabFuzz.Verdict.NOT_CHECKED), live, schedules, clientsServed, clients, slowestSettle, failures.size());
    }
}
