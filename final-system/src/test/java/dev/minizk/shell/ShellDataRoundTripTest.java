package dev.minizk.shell;

import dev.minizk.conformance.TestServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same line typed into stock zkCli and into the course shell stores the same bytes: JSON,
 * quotes, spaces and non-ASCII data, read back byte for byte with a stock client.
 */
@Timeout(60)
class ShellDataRoundTripTest {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static TestServer server;
    private static ZooKeeper stock;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        stock = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each line is a format: %s is the path; each shell writes under its own path. */
    @ParameterizedTest
    @ValueSource(strings = {
            "create %s {\"a\":1}",
            "create %s {\"db\":\"pg\",\"replicas\":3}",
            "create %s '{\"a\": 1, \"b\": [2, 3]}'",
            "create %s \"hello world\"",
            "create %s 'single quoted'",
            "create %s it's",
            "create %s say\"hi\"",
            "create %s \"'inner' quotes\"",
            "create %s \"two  spaces\ttab\"",
            "create %s héllo→世界🙂",
            "create %s \"naïve café 日本語\"",
            "create %s x\u3000y",
            "create %s \u00a0",
            "create %s ''",
            "create %s"})
    void create_stores_what_zkCli_stores(String format) throws Exception {
        assertSameBytes(format, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "set %s {\"a\":1}",
            "set %s 'a \"quoted\" word'",
            "set %s Ω≈ç√",
            "set %s \"\""})
    void set_stores_what_zkCli_stores(String format) throws Exception {
        assertSameBytes(format, "create %s before");
    }

    private static void assertSameBytes(String format, String setup) throws Exception {
        int n = NEXT.incrementAndGet();
        String stockPath = "/stock-" + n;
        String oursPath = "/ours-" + n;
        if (setup != null) {
            StockZkCli.execute(stock, setup.formatted(stockPath));
            StockZkCli.execute(stock, setup.formatted(oursPath));
        }
        StockZkCli.execute(stock, format.formatted(stockPath));
        assertThat(stock.exists(stockPath, false)).as("zkCli ran: " + format).isNotNull();
        String errors = runShell(format.formatted(oursPath));
        assertThat(errors).isEmpty();

        byte[] expected = stock.getData(stockPath, false, null);
        byte[] actual = stock.getData(oursPath, false, null);
        assertThat(actual).as("bytes stored for [" + format + "]: zkCli [%s], course shell [%s]",
                text(expected), text(actual)).isEqualTo(expected);
    }

    private static String runShell(String line) throws Exception {
        StringWriter err = new StringWriter();
        try (Shell shell = Shell.connect(server.connectString(), 4_000, new PrintWriter(new StringWriter()), new PrintWriter(err, true))) {
            shell.run(new BufferedReader(new StringReader(line)), false);
        }
        return err.toString();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
