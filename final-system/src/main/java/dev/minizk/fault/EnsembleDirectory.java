package dev.minizk.fault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of an ensemble on this machine, as {@code minizk ensemble --data DIR} lays them out:
 * <pre>
 * DIR/serverK/          server K's dataDir (zoo.cfg, myid, minizk/ with its log and snapshots)
 * DIR/serverK/pid       its process id (written by the ensemble command)
 * DIR/serverK/status-page  its status page's URL (written by the page when it starts)
 * DIR/restart/K         a request to the ensemble command to start server K again
 * DIR/faults.log        every fault injected, one JSON line each: the pages' timeline
 * </pre>
 * The fault log lives beside the servers, not in one of them, so a killed server's page shows
 * it again after a restart, and so does every other member's.
 */
public record EnsembleDirectory(Path root) {
    public static final String RESTART_REQUESTS = "restart";
    static final String FAULT_LOG = "faults.log";
    private static final String STATUS_PAGE = "status-page";
    private static final String PID = "pid";

    public EnsembleDirectory {
        root = root.toAbsolutePath();
    }

    /**
     * The ensemble directory of member {@code myId} whose dataDir is {@code dataDir}, if it is
     * laid out as above ({@code DIR/serverK}, K its id); empty for any other dataDir (a member
     * configured by hand, on its own host).
     */
    public static Optional<EnsembleDirectory> ofMember(Path dataDir, int myId) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        if (absolute.getParent() == null || !absolute.getFileName().toString().equals(serverFolder(myId))) {
            return Optional.empty();
        }
        return Optional.of(new EnsembleDirectory(absolute.getParent()));
    }

    private static String serverFolder(int id) {
        return "server" + id;
    }

    /** The ids of its serverK folders. */
    public Set<Integer> servers() throws IOException {
        Set<Integer> ids = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (var folders = Files.list(root)) {
                folders.map(p -> p.getFileName().toString()).filter(n -> n.matches("server\\d{1,4}"))
                        .forEach(n -> ids.add(Integer.parseInt(n.substring("server".length()))));
            }
        }
        return ids;
    }

    public Path server(int id) {
        return root.resolve(serverFolder(id));
    }

    public Path pidFile(int id) {
        return server(id).resolve(PID);
    }

    public Path restartRequests() {
        return root.resolve(RESTART_REQUESTS);
    }

    public FaultLog faultLog() {
        return new FaultLog(root.resolve(FAULT_LOG));
    }

    /** Server K's process id, if its pid file says one. */
    public Optional<Long> pid(int id) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile(id)).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            throw new IOException(pidFile(id) + " does not hold a process id");
        }
    }

    /** Written by server K's status page when it starts: temp file and rename, so no reader sees half a URL. */
    public void publishStatusPage(int id, String url) throws IOException {
        Path temp = server(id).resolve(STATUS_PAGE + ".tmp");
        Files.writeString(temp, url + "\n");
        Files.move(temp, server(id).resolve(STATUS_PAGE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The URL server K's status page last published (a restarted server publishes a new one). */
    public Optional<String> statusPage(int id) throws IOException {
        try {
            String url = Files.readString(server(id).resolve(STATUS_PAGE)).trim();
            return url.isEmpty() ? Optional.empty() : Optional.of(url);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
