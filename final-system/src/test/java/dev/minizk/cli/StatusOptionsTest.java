package dev.minizk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code minizk server}'s status-page options: their errors, and the URL a real process prints. */
@Timeout(30)
class StatusOptionsTest {
    @TempDir
    Path dir;

    @Test
    void bad_status_options_are_refused_with_one_line() {
        Result r = run("server", "--port", "0", "--status-port", "70000");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: --status-port must be a port number 0..65535, got 70000\n");
        assertThat(run("server", "--port", "0", "--no-status", "--status-port", "0").err)
                .isEqualTo("error: --no-status turns the status page off; drop it or drop --status-port\n");
        assertThat(run("server", "--status-port", "x").err).startsWith("error: Invalid value for option '--status-port'");
    }

    @Test
    void a_busy_status_port_fails_clearly_and_releases_the_client_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Result r = run("server", "--port", "0", "--bind", "127.0.0.1", "--status-port", String.valueOf(taken.getLocalPort()));
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).isEqualTo("error: cannot serve the status page on 127.0.0.1:" + taken.getLocalPort()
                    + ": Address already in use (--status-port 0 picks a free port; --no-status turns the page off)\n");
        }
    }

    @Test
    void the_server_process_prints_the_status_page_url_beside_the_connect_string() throws Exception {
        Path log = dir.resolve("server.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--port", "0", "--bind", "127.0.0.1", "--status-port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(log).contains("connect string: "));
            String output = Files.readString(log);
            String url = line(output, "status page: ");
            String connectString = line(output, "connect string: ");
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "api/status")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode status = new ObjectMapper().readTree(response.body());
            assertThat(status.get("connectString").asText()).isEqualTo(connectString);
            assertThat(status.get("role").asText()).isEqualTo("standalone");

            process.destroy(); // SIGTERM stops the page with the server
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).doesNotContain("Exception");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in:\n" + output))
                .substring(prefix.length());
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
