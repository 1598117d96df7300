package dev.minizk.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.conformance.TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A real minizk server on a free port with its status page on another free port, and a plain
 * HTTP client for the JSON API. Closing it closes the page, the server's clients and the server.
 */
final class StatusFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestServer server;
    final StatusServer status;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer of the API: its status, its JSON body (null for other types) and its text. */
    record Answer(int status, String contentType, JsonNode body, String text) {
    }

    private StatusFixture(TestServer server, StatusServer status) {
        this.server = server;
        this.status = status;
    }

    static StatusFixture start() {
        TestServer server = TestServer.start();
        try {
            return new StatusFixture(server, StatusServer.start(server.runtime, new InetSocketAddress("127.0.0.1", 0)));
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return status.url();
    }

    /** GET {@code pathAndQuery} (already URL-encoded), whatever the status. */
    Answer get(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + pathAndQuery.substring(1)))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = type.startsWith("application/json") ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), type, body, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET that must answer 200 with JSON. */
    JsonNode json(String pathAndQuery) {
        Answer answer = get(pathAndQuery);
        if (answer.status() != 200 || answer.body() == null) {
            throw new AssertionError("GET " + pathAndQuery + " answered " + answer);
        }
        return answer.body();
    }

    @Override
    public void close() {
        status.close();
        server.close();
    }
}
