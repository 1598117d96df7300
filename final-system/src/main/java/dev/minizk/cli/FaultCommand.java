package dev.minizk.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code minizk fault}: faults for live demos against an ensemble that {@code minizk ensemble
 * --data DIR} runs. kill (SIGKILL), pause (SIGSTOP) and resume (SIGCONT) act on a server's
 * process, found by {@code DIR/serverK/pid} and checked to be a minizk server; restart asks the
 * ensemble command to start a stopped server again; partition and heal cut and mend the links
 * between servers inside their runtimes, through each server's status page
 * ({@code POST /api/faults/cut}, {@code /api/faults/heal}).
 */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = {"Injects a fault into an ensemble started by 'minizk ensemble --data DIR':",
                "  kill K...     SIGKILL the servers        pause K...   SIGSTOP them     resume K...  SIGCONT them",
                "  restart K...  start stopped servers again (the ensemble command does it)",
                "  partition A,B C,D   cut every link between the groups (one group: cut it off from the rest)",
                "  heal          mend every cut link"})
final class FaultCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true, description = "The ensemble's --data directory.")
    Path data;

    @Parameters(index = "0", paramLabel = "ACTION", description = "kill, pause, resume, restart, partition or heal")
    String action;

    @Parameters(index = "1..*", paramLabel = "SERVERS", description = "Server ids; for partition, groups like 1,2 3")
    List<String> servers = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Set<Integer> all = members();
        switch (action) {
            case "kill" -> signal(ids(all), "KILL", "killed (SIGKILL)", out);
            case "pause" -> signal(ids(all), "STOP", "paused (SIGSTOP)", out);
            case "resume" -> signal(ids(all), "CONT", "resumed (SIGCONT)", out);
            case "restart" -> restart(ids(all), out);
            case "partition" -> partition(all, out);
            case "heal" -> heal(all, out);
            default -> throw new ConfigException("ACTION must be kill, pause, resume, restart, partition or heal, got '" + action + "'");
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** The members under DIR: its serverK folders. */
    private Set<Integer> members() throws IOException, ConfigException {
        Set<Integer> ids = new TreeSet<>();
        if (Files.isDirectory(data)) {
            try (var folders = Files.list(data)) {
                folders.map(p -> p.getFileName().toString()).filter(n -> n.matches("server\\d+"))
                        .forEach(n -> ids.add(Integer.parseInt(n.substring("server".length()))));
            }
        }
        if (ids.isEmpty()) {
            throw new ConfigException("--data " + data + " holds no ensemble (start one with: minizk ensemble --data " + data + ")");
        }
        return ids;
    }

    private Set<Integer> ids(Set<Integer> all) throws ConfigException {
        if (servers.isEmpty()) {
            throw new ConfigException(action + " needs the ids of the servers, e.g. minizk fault " + action + " 2 --data " + data);
        }
        return group(String.join(",", servers), all);
    }

    private static Set<Integer> group(String text, Set<Integer> all) throws ConfigException {
        Set<Integer> ids = new TreeSet<>();
        for (String id : text.split(",")) {
            int n;
            try {
                n = Integer.parseInt(id.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("SERVERS: '" + id + "' is not a server id");
            }
            if (!all.contains(n)) {
                throw new ConfigException("SERVERS: there is no server " + n + " (servers " + all + ")");
            }
            ids.add(n);
        }
        return ids;
    }

    private void signal(Set<Integer> ids, String signal, String done, PrintWriter out) throws Exception {
        for (int id : ids) {
            ProcessHandle server = serverProcess(id);
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(server.pid())).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + signal + " " + server.pid() + " failed: " + said);
            }
            out.println("server " + id + " (pid " + server.pid() + "): " + done);
        }
    }

    /** Server K's live process, by its pid file, if it is a minizk server (never some other process that reused the pid). */
    private ProcessHandle serverProcess(int id) throws IOException, ConfigException {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(data.resolve("server" + id).resolve("pid")).trim());
        } catch (NoSuchFileException e) {
            throw new ConfigException("server " + id + " has no pid file under " + data);
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            throw new ConfigException("server " + id + " (pid " + pid + ") is not running");
        }
        String command = handle.get().info().commandLine().orElse("");
        if (!command.contains(ServerProcess.MARKER + id)) {
            throw new ConfigException("pid " + pid + " is not a minizk server any more; refusing to signal it");
        }
        return handle.get();
    }

    private void restart(Set<Integer> ids, PrintWriter out) throws IOException {
        Path requests = Files.createDirectories(data.resolve(EnsembleCommand.RESTART_REQUESTS));
        for (int id : ids) {
            Files.writeString(requests.resolve(String.valueOf(id)), "");
            out.println("server " + id + ": restart asked of the ensemble command (it prints the new pid)");
        }
    }

    private void partition(Set<Integer> all, PrintWriter out) throws Exception {
        if (servers.isEmpty() || servers.size() > 2) {
            throw new ConfigException("partition needs one or two groups of server ids, e.g. 1,2 3");
        }
        Set<Integer> a = group(servers.get(0), all);
        Set<Integer> b = servers.size() == 2 ? group(servers.get(1), all) : new TreeSet<>(all);
        b.removeAll(a);
        if (b.isEmpty()) {
            throw new ConfigException("partition: the groups leave no server on the other side");
        }
        for (int id : a) {
            post(id, "/api/faults/cut?peers=" + join(b), out);
        }
        for (int id : b) {
            post(id, "/api/faults/cut?peers=" + join(a), out);
        }
        out.println("partitioned: " + a + " | " + b);
    }

    private void heal(Set<Integer> all, PrintWriter out) throws Exception {
        for (int id : all) {
            post(id, "/api/faults/heal", out);
        }
        out.println("healed: every link may come back");
    }

    private void post(int id, String pathAndQuery, PrintWriter out) throws Exception {
        Optional<String> page = statusPage(id);
        if (page.isEmpty()) {
            out.println("server " + id + ": no status page known (is it running?); skipped");
            return;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(page.get() + pathAndQuery.substring(1)))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            out.println("server " + id + ": " + (answer.statusCode() == 200 ? "links cut now " + answer.body() : "refused: " + answer.body()));
        } catch (IOException e) {
            out.println("server " + id + ": unreachable (" + e.getMessage() + "); skipped");
        }
    }

    /** The last status page server K printed (a restarted server prints a new one). */
    private Optional<String> statusPage(int id) throws IOException {
        Path log = data.resolve("server" + id).resolve("server.log");
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("status page: http"))
                .reduce((first, second) -> second).map(l -> l.substring("status page: ".length()).trim());
    }

    private static String join(Set<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
