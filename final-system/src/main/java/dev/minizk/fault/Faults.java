package dev.minizk.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The faults of a live demo, injected into an ensemble on this machine (its {@link
 * EnsembleDirectory}), for {@code minizk fault} and the status page's buttons alike. kill
 * (SIGKILL), pause (SIGSTOP) and resume (SIGCONT) signal a server's process, found by its pid
 * file and checked to be that member; restart asks the ensemble command to start a stopped
 * server again (it stays that command's child); partition and heal cut and mend links inside
 * the servers' runtimes, through each server's status page ({@code POST /api/faults/cut},
 * {@code /api/faults/heal}). Every fault is written to the ensemble's {@link FaultLog}, the
 * timeline of every member's page, before it acts: a server that kills itself still logs it.
 */
public final class Faults {
    /**
     * The first argument of a member's java command line ({@code minizk ensemble} puts it there):
     * a pid is signalled only while it is still that member (the command line may be cut after a
     * long class path, so the mark comes first).
     */
    public static final String MEMBER_MARKER = "-Dminizk.ensemble.member=";
    /**
     * The header every fault request carries: a plain form on another site cannot set it, so a
     * page elsewhere cannot inject faults through the browser of someone who has this page open.
     */
    public static final String CONFIRM_HEADER = "X-Minizk-Confirm";
    /** A server that signals itself answers first: its page's reply must leave before the signal lands. */
    private static final long SELF_SIGNAL_DELAY_MILLIS = 300;

    /** What can be injected. */
    public enum Action {
        KILL("KILL", "killed (SIGKILL)"), PAUSE("STOP", "paused (SIGSTOP)"), RESUME("CONT", "resumed (SIGCONT)"),
        RESTART(null, null), PARTITION(null, null), HEAL(null, null);

        private final String signal;
        private final String done;

        Action(String signal, String done) {
            this.signal = signal;
            this.done = done;
        }

        public static Action parse(String text) throws FaultException {
            for (Action action : values()) {
                if (action.word().equals(text)) {
                    return action;
                }
            }
            throw new FaultException("action", "ACTION must be kill, pause, resume, restart, partition or heal, got '" + text + "'");
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final EnsembleDirectory ensemble;
    private final String by;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param by who injects: {@code minizk fault}, or the page of a server */
    public Faults(EnsembleDirectory ensemble, String by) {
        this.ensemble = ensemble;
        this.by = by;
    }

    public EnsembleDirectory ensemble() {
        return ensemble;
    }

    /** The ensemble's servers; an error naming the directory when it holds none. */
    public Set<Integer> servers() throws FaultException, IOException {
        Set<Integer> ids = ensemble.servers();
        if (ids.isEmpty()) {
            throw new FaultException(null, "--data " + ensemble.root() + " holds no ensemble (start one with: minizk ensemble --data "
                    + ensemble.root() + ")");
        }
        return ids;
    }

    /** {@code 1,3}: server ids of this ensemble, each checked. */
    public Set<Integer> group(String parameter, String text) throws FaultException, IOException {
        Set<Integer> all = servers();
        if (text == null || text.isBlank()) {
            throw new FaultException(parameter, "no server ids given (as 1,3; servers " + all + ")");
        }
        Set<Integer> ids = new TreeSet<>();
        for (String id : text.split(",")) {
            int n;
            try {
                n = Integer.parseInt(id.trim());
            } catch (NumberFormatException e) {
                throw new FaultException(parameter, "'" + id + "' is not a server id");
            }
            if (!all.contains(n)) {
                throw new FaultException(parameter, "there is no server " + n + " (servers " + all + ")");
            }
            ids.add(n);
        }
        return ids;
    }

    /**
     * Injects {@code action}: {@code servers} is what it acts on (for partition one side, with
     * {@code others} the other side, the rest of the ensemble when empty; unused by heal).
     * Answers one line per server of what happened.
     */
    public List<String> inject(Action action, Set<Integer> servers, Set<Integer> others) throws FaultException, IOException {
        return switch (action) {
            case KILL, PAUSE, RESUME -> signal(action, servers);
            case RESTART -> restart(servers);
            case PARTITION -> partition(servers, others);
            case HEAL -> heal();
        };
    }

    private List<String> signal(Action action, Set<Integer> servers) throws FaultException, IOException {
        requireSome(action, servers);
        List<ProcessHandle> processes = new ArrayList<>();
        for (int id : servers) {
            processes.add(serverProcess(id)); // every pid checked before any is signalled
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (int id : servers) {
            lines.add("server " + id + " (pid " + processes.get(i++).pid() + "): " + action.done);
        }
        log(action, servers, Set.of(), lines);
        i = 0;
        for (int id : servers) {
            ProcessHandle process = processes.get(i++);
            if (process.pid() == ProcessHandle.current().pid()) {
                CompletableFuture.runAsync(() -> sendQuietly(action, process),
                        CompletableFuture.delayedExecutor(SELF_SIGNAL_DELAY_MILLIS, TimeUnit.MILLISECONDS));
            } else {
                send(action, process);
            }
        }
        return lines;
    }

    private static void send(Action action, ProcessHandle process) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + action.signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
        try {
            String said = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + action.signal + " " + process.pid() + " failed: " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling " + process.pid());
        }
    }

    private static void sendQuietly(Action action, ProcessHandle process) {
        try {
            send(action, process);
        } catch (IOException e) {
            System.err.println("minizk: " + e.getMessage());
        }
    }

    /** Server K's live process, by its pid file, if it is still that member (never some other process that reused the pid). */
    private ProcessHandle serverProcess(int id) throws FaultException, IOException {
        long pid = ensemble.pid(id).orElseThrow(() -> new FaultException("servers", "server " + id + " has no pid file under "
                + ensemble.root()));
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            throw new FaultException("servers", "server " + id + " (pid " + pid + ") is not running");
        }
        String command = handle.get().info().commandLine().orElse("");
        if (!command.contains(MEMBER_MARKER + id + " ")) {
            throw new FaultException("servers", "pid " + pid + " is not minizk server " + id + " any more; refusing to signal it");
        }
        return handle.get();
    }

    private List<String> restart(Set<Integer> servers) throws FaultException, IOException {
        requireSome(Action.RESTART, servers);
        List<String> lines = new ArrayList<>();
        for (int id : servers) {
            lines.add("server " + id + ": restart asked of the ensemble command (it prints the new pid)");
        }
        log(Action.RESTART, servers, Set.of(), lines);
        Files.createDirectories(ensemble.restartRequests());
        for (int id : servers) {
            Files.writeString(ensemble.restartRequests().resolve(String.valueOf(id)), "");
        }
        return lines;
    }

    private List<String> partition(Set<Integer> side, Set<Integer> otherSide) throws FaultException, IOException {
        requireSome(Action.PARTITION, side);
        Set<Integer> others = new TreeSet<>(otherSide.isEmpty() ? servers() : otherSide);
        others.removeAll(side);
        if (others.isEmpty()) {
            throw new FaultException("others", "partition: the groups leave no server on the other side");
        }
        List<String> lines = new ArrayList<>();
        lines.add("partitioned: " + side + " | " + others);
        log(Action.PARTITION, side, others, lines); // logged first: the posts may take a while
        for (int id : side) {
            lines.add(post(id, "api/faults/cut?peers=" + join(others)));
        }
        for (int id : others) {
            lines.add(post(id, "api/faults/cut?peers=" + join(side)));
        }
        return lines;
    }

    private List<String> heal() throws FaultException, IOException {
        List<String> lines = new ArrayList<>();
        lines.add("healed: every link may come back");
        Set<Integer> all = servers();
        log(Action.HEAL, all, Set.of(), lines);
        for (int id : all) {
            lines.add(post(id, "api/faults/heal"));
        }
        return lines;
    }

    private static void requireSome(Action action, Set<Integer> servers) throws FaultException {
        if (servers.isEmpty()) {
            throw new FaultException("servers", action.word() + " needs the ids of the servers, e.g. " + action.word() + " 2");
        }
    }

    private void log(Action action, Set<Integer> servers, Set<Integer> others, List<String> lines) throws IOException {
        ensemble.faultLog().append(new FaultEvent(System.currentTimeMillis(), action.word(), List.copyOf(servers),
                List.copyOf(others), by, lines));
    }

    /** POSTs to server K's page; one line saying what it answered (a down server is skipped, not an error). */
    private String post(int id, String pathAndQuery) throws IOException {
        Optional<String> page = ensemble.statusPage(id);
        if (page.isEmpty()) {
            return "server " + id + ": no status page known (is it running?); skipped";
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(page.get() + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).header(CONFIRM_HEADER, "yes").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return "server " + id + ": " + (answer.statusCode() == 200 ? "links cut now " + answer.body() : "refused: " + answer.body());
        } catch (IOException e) {
            return "server " + id + ": unreachable (" + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + "); skipped";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking server " + id);
        }
    }

    private static String join(Set<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
