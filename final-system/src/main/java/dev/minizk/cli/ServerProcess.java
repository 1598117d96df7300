package dev.minizk.cli;

import dev.minizk.fault.Faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One {@code minizk server} child process of {@code minizk ensemble}: this JVM's java and class
 * path, the member's {@code zoo.cfg}, its output copied to its log file, its status page's URL
 * read from that output, its mode asked with {@code srvr}.
 */
record ServerProcess(EnsembleCommand.EnsemblePlan.Server server, Process process, StatusLine status) {

    /**
     * The first argument of a member's java command line: {@code minizk fault} checks a pid still
     * belongs to a member before it signals it (the command line may be cut after a long class path).
     */
    static final String MARKER = Faults.MEMBER_MARKER;

    /** The status page URL, once the server has printed it. */
    static final class StatusLine {
        private volatile String url;
    }

    static ServerProcess start(EnsembleCommand.EnsemblePlan.Server server) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(javaOfThisHome());
        ProcessBuilder builder = new ProcessBuilder(java, MARKER + server.id(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "-c", server.config().toString(), "--status-bind", server.host())
                .redirectErrorStream(true);
        Process process = builder.start();
        Files.writeString(server.dir().resolve("pid"), process.pid() + "\n");
        StatusLine status = new StatusLine();
        Thread copier = new Thread(() -> copyOutput(process, server, status), "minizk-server-" + server.id() + "-output");
        copier.setDaemon(true);
        copier.start();
        return new ServerProcess(server, process, status);
    }

    long pid() {
        return process.pid();
    }

    Optional<String> statusPage() {
        return Optional.ofNullable(status.url);
    }

    /** leader, follower or observer from the server's {@code srvr}; empty while it does not serve (or is down). */
    Optional<String> mode() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.clientPort()), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return answer.lines().filter(l -> l.startsWith("Mode: ")).map(l -> l.substring(6).trim()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void copyOutput(Process process, EnsembleCommand.EnsemblePlan.Server server, StatusLine status) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(server.log(), StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("status page: http")) {
                    status.url = line.substring("status page: ".length()).trim();
                }
                log.println(line);
            }
        } catch (IOException e) {
            // the process is gone; its log has what it printed
        }
    }

    /** The java launcher of this JVM's home, when the process API cannot tell. */
    private static String javaOfThisHome() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
