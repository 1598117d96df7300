package dev.minizk.status;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSON API against a real server, after writes made with the stock ZooKeeper client. */
@Timeout(30)
class StatusApiTest {
    StatusFixture fixture;
    ZooKeeper zk;

    @BeforeEach
    void start() {
        fixture = StatusFixture.start();
        zk = fixture.server.client();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }

    static String q(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    @Test
    void status_counts_what_the_client_did() throws Exception {
        JsonNode before = fixture.json("/api/status");
        assertThat(before.get("role").asText()).isEqualTo("standalone");
        assertThat(before.get("serverId").asInt()).isEqualTo(1);
        assertThat(before.get("nodeCount").asInt()).isEqualTo(4); // /, /zookeeper, /zookeeper/quota, /zookeeper/config

        zk.create("/app", "demo".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/app/lock", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.getData("/app", true, null);       // a data watch
        zk.getChildren("/app", true);         // a child watch on the same path
        zk.exists("/app/none", true);         // a data watch on a missing node
        Stat last = zk.setData("/app", "demo2".getBytes(), -1);

        JsonNode s = fixture.json("/api/status");
        assertThat(s.get("lastZxid").asText()).isEqualTo(hex(last.getMzxid()));
        assertThat(s.get("epoch").asLong()).isEqualTo(last.getMzxid() >>> 32);
        assertThat(s.get("counter").asLong()).isEqualTo(last.getMzxid() & 0xFFFF_FFFFL);
        assertThat(s.get("nodeCount").asInt()).isEqualTo(6);
        assertThat(s.get("sessionCount").asInt()).isEqualTo(1);
        assertThat(s.get("connectionCount").asInt()).isEqualTo(1);
        // the setData fired the data watch on /app; left: child watch /app, data watch /app/none
        assertThat(s.get("watches").get("total").asInt()).isEqualTo(2);
        assertThat(s.get("watches").get("paths").asInt()).isEqualTo(2);
        assertThat(s.get("watches").get("watchers").asInt()).isEqualTo(1);
        assertThat(s.get("connectString").asText()).isEqualTo(fixture.server.connectString());
        assertThat(s.get("uptimeMillis").asLong()).isNotNegative();
        assertThat(s.get("internalErrors").asLong()).isZero();
    }

    @Test
    void sessions_show_id_timeout_and_ephemerals() throws Exception {
        ZooKeeper other = fixture.server.client();
        zk.create("/e1", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create("/e2", null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

        JsonNode sessions = fixture.json("/api/sessions");
        assertThat(sessions).hasSize(2);
        JsonNode mine = find(sessions, "id", hex(zk.getSessionId()));
        assertThat(mine.get("timeout").asInt()).isEqualTo(zk.getSessionTimeout());
        assertThat(mine.get("ephemeralCount").asInt()).isEqualTo(2);
        assertThat(texts(mine.get("ephemerals"))).containsExactly("/e1", "/e2");
        assertThat(find(sessions, "id", hex(other.getSessionId())).get("ephemeralCount").asInt()).isZero();
    }

    @Test
    void txns_are_listed_newest_first_with_type_path_and_session() throws Exception {
        Stat created = new Stat();
        zk.create("/t", "x".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        Stat set = zk.setData("/t", "yy".getBytes(), 0);
        zk.delete("/t", 1);

        JsonNode txns = fixture.json("/api/txns");
        String session = hex(zk.getSessionId());
        assertThat(txns.get(0).get("type").asText()).isEqualTo("delete");
        assertThat(txns.get(0).get("path").asText()).isEqualTo("/t");
        assertThat(txns.get(1).get("type").asText()).isEqualTo("setData");
        assertThat(txns.get(1).get("zxid").asText()).isEqualTo(hex(set.getMzxid()));
        assertThat(txns.get(1).get("detail").asText()).isEqualTo("version 1, 2 bytes");
        assertThat(txns.get(2).get("type").asText()).isEqualTo("create");
        assertThat(txns.get(2).get("zxid").asText()).isEqualTo(hex(created.getCzxid()));
        assertThat(txns.get(3).get("type").asText()).isEqualTo("createSession");
        assertThat(txns.get(3).get("path").isNull()).isTrue();
        for (JsonNode txn : txns) {
            assertThat(txn.get("session").asText()).isEqualTo(session);
        }
    }

    @Test
    void node_shows_data_as_text_and_hex_with_the_full_stat_and_acl() throws Exception {
        zk.create("/n", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/n/c", "héllo".getBytes(StandardCharsets.UTF_8), Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat stat = zk.exists("/n/c", false);

        JsonNode n = fixture.json("/api/node?path=" + q("/n/c"));
        assertThat(n.get("path").asText()).isEqualTo("/n/c");
        assertThat(n.get("name").asText()).isEqualTo("c");
        assertThat(n.get("kind").asText()).isEqualTo("persistent");
        assertThat(n.get("data").get("text").asText()).isEqualTo("héllo");
        assertThat(n.get("data").get("hex").asText()).isEqualTo("68c3a96c6c6f");
        assertThat(n.get("data").get("length").asInt()).isEqualTo(6);
        assertThat(n.get("data").get("printable").asBoolean()).isTrue();
        JsonNode s = n.get("stat");
        assertThat(s.get("czxid").asText()).isEqualTo(hex(stat.getCzxid()));
        assertThat(s.get("mzxid").asText()).isEqualTo(hex(stat.getMzxid()));
        assertThat(s.get("pzxid").asText()).isEqualTo(hex(stat.getPzxid()));
        assertThat(s.get("ctime").asLong()).isEqualTo(stat.getCtime());
        assertThat(s.get("mtime").asLong()).isEqualTo(stat.getMtime());
        assertThat(s.get("version").asInt()).isEqualTo(stat.getVersion());
        assertThat(s.get("cversion").asInt()).isEqualTo(stat.getCversion());
        assertThat(s.get("aversion").asInt()).isEqualTo(stat.getAversion());
        assertThat(s.get("ephemeralOwner").asText()).isEqualTo("0x0");
        assertThat(s.get("dataLength").asInt()).isEqualTo(6);
        assertThat(s.get("numChildren").asInt()).isZero();
        assertThat(n.get("acl")).hasSize(1);
        assertThat(n.get("acl").get(0).get("perms").asText()).isEqualTo("r");
        assertThat(n.get("acl").get(0).get("scheme").asText()).isEqualTo("world");
        assertThat(n.get("acl").get(0).get("id").asText()).isEqualTo("anyone");

        JsonNode parent = fixture.json("/api/node?path=/n");
        assertThat(parent.get("data").get("isNull").asBoolean()).isTrue();
        assertThat(parent.get("stat").get("numChildren").asInt()).isEqualTo(1);
    }

    @Test
    void binary_ephemeral_and_large_data() throws Exception {
        zk.create("/bin", new byte[] {0, 1, 2, (byte) 0xff}, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        JsonNode bin = fixture.json("/api/node?path=/bin");
        assertThat(bin.get("kind").asText()).isEqualTo("ephemeral");
        assertThat(bin.get("ephemeralOwner").asText()).isEqualTo(hex(zk.getSessionId()));
        assertThat(bin.get("data").get("hex").asText()).isEqualTo("000102ff");
        assertThat(bin.get("data").get("text").isNull()).isTrue();
        assertThat(bin.get("data").get("printable").asBoolean()).isFalse();

        byte[] big = "abcdefgh".repeat(2_560).getBytes(StandardCharsets.US_ASCII); // 20 KiB
        zk.create("/big", big, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        JsonNode data = fixture.json("/api/node?path=/big").get("data");
        assertThat(data.get("length").asInt()).isEqualTo(big.length);
        assertThat(data.get("shown").asInt()).isEqualTo(StatusQueries.DATA_SHOWN);
        assertThat(data.get("text").asText()).hasSize(StatusQueries.DATA_SHOWN).startsWith("abcdefgh");
        assertThat(data.get("hex").asText()).hasSize(2 * StatusQueries.DATA_SHOWN);
    }

    @Test
    void children_are_sorted_and_limited() throws Exception {
        zk.create("/dir", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String name : List.of("c", "a", "b")) {
            zk.create("/dir/" + name, name.getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        zk.create("/dir/a/deep", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        JsonNode all = fixture.json("/api/children?path=/dir");
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(all.get("truncated").asBoolean()).isFalse();
        assertThat(texts(all.get("children"), "name")).containsExactly("a", "b", "c");
        assertThat(all.get("children").get(0).get("path").asText()).isEqualTo("/dir/a");
        assertThat(all.get("children").get(0).get("numChildren").asInt()).isEqualTo(1);
        assertThat(all.get("children").get(0).get("dataLength").asInt()).isEqualTo(1);

        JsonNode two = fixture.json("/api/children?path=/dir&limit=2");
        assertThat(two.get("truncated").asBoolean()).isTrue();
        assertThat(texts(two.get("children"), "name")).containsExactly("a", "b");

        JsonNode root = fixture.json("/api/children?path=/");
        assertThat(texts(root.get("children"), "name")).containsExactly("dir", "zookeeper");
    }

    @Test
    void bad_requests_get_a_json_error_naming_the_parameter() {
        assertError(fixture.get("/api/node"), 400, "path", "missing query parameter 'path'");
        assertError(fixture.get("/api/node?path="), 400, "path", "missing query parameter 'path'");
        assertError(fixture.get("/api/node?path=a/b"), 400, "path", "path must start with / character");
        assertError(fixture.get("/api/node?path=" + q("/a/")), 400, "path", "must not end with /");
        assertError(fixture.get("/api/node?path=" + q("/a//b")), 400, "path", "empty node name");
        assertError(fixture.get("/api/node?path=" + q("/a/../b")), 400, "path", "relative paths not allowed");
        assertError(fixture.get("/api/children?path=" + q("/a\u0001")), 400, "path", "invalid character");
        assertError(fixture.get("/api/node?path=/nowhere"), 404, "path", "no znode at /nowhere (NONODE)");
        assertError(fixture.get("/api/children?path=/nowhere"), 404, "path", "NONODE");
        assertError(fixture.get("/api/children?path=/&limit=0"), 400, "limit", "'limit' must be a whole number 1..10000");
        assertError(fixture.get("/api/children?path=/&limit=ten"), 400, "limit", "got 'ten'");
        assertError(fixture.get("/api/children?path=/&limit=99999999999"), 400, "limit", "1..10000");
        assertError(fixture.get("/api/nothing"), 404, null, "no such endpoint: GET /api/nothing");
        assertError(fixture.get("/api/ensemble"), 404, null, "a standalone server has no ensemble");
    }

    @Test
    void a_stopped_server_answers_503_not_a_stack_trace() {
        fixture.server.runtime.close();
        assertError(fixture.get("/api/status"), 503, null, "the server is stopped");
    }

    @Test
    void the_page_and_its_files_are_served_without_anything_from_elsewhere() {
        StatusFixture.Answer page = fixture.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(fixture.get("/status.js").contentType()).startsWith("text/javascript");
        assertThat(fixture.get("/ensemble.js").contentType()).startsWith("text/javascript");
        assertThat(fixture.get("/status.css").contentType()).startsWith("text/css");
    }

    @Test
    void the_first_html_response_already_shows_role_zxid_and_counts() throws Exception {
        Stat created = new Stat();
        zk.create("/first", "x".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        String html = fixture.get("/").text();
        assertThat(html)
                .contains("<span id=\"role\" class=\"role role-standalone\">standalone</span>")
                .contains("<div class=\"value mono\" id=\"last-zxid\">" + hex(created.getMzxid()) + "</div>")
                .contains("<div class=\"value\" id=\"node-count\">5</div>")
                .contains("<code id=\"connect-string\" class=\"connect\" title=\"connect string for ZooKeeper clients\">"
                        + fixture.server.connectString() + "</code>")
                .doesNotContain("{{");
        assertThat(fixture.get("/index.html").text()).contains(hex(created.getMzxid()));
    }

    @Test
    void a_stopped_servers_page_still_loads_and_says_unavailable() {
        fixture.server.runtime.close();
        StatusFixture.Answer page = fixture.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("role-unavailable\">unavailable</span>").doesNotContain("{{");
    }

    @Test
    void a_busy_port_is_a_clear_io_error() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress busy = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> StatusServer.start(fixture.server.runtime, busy))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
    }

    private static void assertError(StatusFixture.Answer answer, int status, String parameter, String message) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("error").asText()).contains(message);
        if (parameter == null) {
            assertThat(answer.body().get("parameter").isNull()).isTrue();
        } else {
            assertThat(answer.body().get("parameter").asText()).isEqualTo(parameter);
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (item.get(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
