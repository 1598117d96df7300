package dev.minizk.net;

import dev.minizk.conformance.TestServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Four-letter words on the client port, in ZooKeeper's text formats (§5.1, §8 item 18). */
@Timeout(20)
class FourLetterWordTest {
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        ZooKeeper zk = server.client();
        zk.create("/flw", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.exists("/flw", true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void ruok_answers_imok() throws Exception {
        assertThat(ask("ruok")).isEqualTo("imok");
    }

    /** The lines zkServer.sh status and monitoring scripts read, parsed the way they parse them. */
    @Test
    void srvr_has_every_line_zk_server_sh_reads() throws Exception {
        String srvr = ask("srvr");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : srvr.split("\n")) {
            int colon = line.indexOf(": ");
            fields.put(line.substring(0, colon), line.substring(colon + 2));
        }
        assertThat(fields.keySet()).containsExactly("Zookeeper version", "Latency min/avg/max", "Received", "Sent",
                "Connections", "Outstanding", "Zxid", "Mode", "Node count");
        assertThat(fields.get("Zookeeper version")).matches("3\\.9\\.5-minizk, built on 20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(fields.get("Latency min/avg/max")).matches("\\d+/\\d+(\\.\\d+)?/\\d+");
        assertThat(fields.get("Mode")).isEqualTo("standalone");
        long zxid = server.query(s -> s.lastZxid());
        assertThat(fields.get("Zxid")).isEqualTo("0x" + Long.toHexString(zxid));
        int nodes = server.query(s -> s.tree().nodeCount());
        assertThat(fields.get("Node count")).isEqualTo(String.valueOf(nodes));
        assertThat(Integer.parseInt(fields.get("Connections"))).isGreaterThanOrEqualTo(2); // the client and this one
        assertThat(Long.parseLong(fields.get("Received"))).isPositive();
    }

    @Test
    void stat_adds_the_client_list() throws Exception {
        String stat = ask("stat");
        assertThat(stat).contains("Clients:\n /127.0.0.1:").contains("Mode: standalone\n");
    }

    @Test
    void mntr_is_tab_separated_zk_keys() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : ask("mntr").split("\n")) {
            String[] kv = line.split("\t");
            assertThat(kv).hasSize(2);
            values.put(kv[0], kv[1]);
        }
        assertThat(values).containsEntry("zk_server_state", "standalone").containsEntry("zk_ephemerals_count", "1")
                .containsEntry("zk_watch_count", "1").containsKeys("zk_version", "zk_avg_latency", "zk_znode_count",
                        "zk_packets_received", "zk_num_alive_connections", "zk_outstanding_requests");
    }

    @Test
    void conf_cons_and_wchs() throws Exception {
        assertThat(ask("conf")).contains("clientPort=" + server.port() + "\n", "tickTime=" + TestServer.TICK + "\n",
                "minSessionTimeout=" + 2 * TestServer.TICK + "\n", "maxSessionTimeout=" + 20 * TestServer.TICK + "\n");
        assertThat(ask("cons")).contains("sid=0x1", "lop=Exists").endsWith("\n\n");
        assertThat(ask("wchs")).isEqualTo("1 connections watching 1 paths\nTotal watches:1\n");
        assertThat(ask("isro")).isEqualTo("rw");
        assertThat(ask("dump")).isEqualTo("dump is not implemented by minizk.\n");
    }

    @Test
    void the_status_page_can_ask_from_another_thread() {
        assertThat(server.runtime.fourLetterWord("ruok").join()).isEqualTo("imok");
    }

    /** Sends the word as the first 4 bytes of a connection and reads until the server closes it. */
    static String ask(String word) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
