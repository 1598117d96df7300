package dev.minizk.debug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.election.ThreeVoters;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.search.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The debugger's JSON API: load a scenario, deliver events, go back, branch, export the path
 * as a trace, open it again, and every bad request refused with the field to blame.
 */
@Timeout(60)
class DebugApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private DebugServer server;

    @BeforeEach
    void start() throws IOException {
        server = DebugServer.start("fle-3", null, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deliver_go_back_branch_export_and_import_the_same_path() throws Exception {
        JsonNode view = get("/api/state");
        assertThat(view.get("scenario").asText()).isEqualTo("fle-3");
        assertThat(roles(view)).containsExactly("not started", "not started", "not started");
        assertThat(enabled(view)).hasSize(3).allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("start"));

        // Start every server, then deliver whatever comes first, eight steps in all.
        List<Integer> states = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            view = choose("run", enabled(view).get(0).get("seq").asLong());
            states.add(view.get("state").asInt());
        }
        assertThat(view.get("path")).hasSize(8);
        assertThat(roles(view)).isSubsetOf("LOOKING", "LEADING", "FOLLOWING");
        JsonNode diagram = view.get("diagram");
        assertThat(diagram.get("rows").asInt()).isEqualTo(8);
        assertThat(diagram.get("messages")).anySatisfy(m -> assertThat(m.get("fate").asText()).isEqualTo("delivered"));
        assertThat(diagram.get("messages")).anySatisfy(m -> assertThat(m.get("fate").asText()).isEqualTo("in flight"));
        JsonNode deep = view;

        // Back to the state after the three starts, and another event from there: a branch.
        JsonNode back = post("/api/goto", "{\"state\": " + states.get(2) + "}");
        assertThat(back.get("path")).hasSize(3);
        long takenBefore = Trace.parse(lineOf(deep, 3)).choices().get(0).seq();
        JsonNode other = enabled(back).stream().filter(e -> e.get("seq").asLong() != takenBefore).findFirst().orElseThrow();
        JsonNode branched = choose("run", other.get("seq").asLong());
        assertThat(branched.get("state").asInt()).isNotIn(states);
        JsonNode fork = treeNode(branched, states.get(2));
        assertThat(fork.get("children")).hasSize(2);

        // Forward again to the deep state: the same world as before, rebuilt by replay.
        JsonNode again = post("/api/goto", "{\"state\": " + states.get(7) + "}");
        assertThat(again.get("nodes")).isEqualTo(deep.get("nodes"));
        assertThat(again.get("pending")).isEqualTo(deep.get("pending"));
        assertThat(again.get("diagram")).isEqualTo(deep.get("diagram"));

        // Export: the search tests' format, replayable on the scenario's world.
        String text = getText("/api/trace");
        Trace trace = Trace.parse(text);
        assertThat(trace.scenario()).isEqualTo("fle-3");
        assertThat(trace.length()).isEqualTo(8);
        Simulator<?> replayed = ThreeVoters.ofScenario(trace.scenario());
        trace.replay(replayed);
        assertThat(replayed.now()).isEqualTo(deep.get("timeMillis").asLong());

        // Import: the same path, the same states.
        JsonNode imported = post("/api/trace", text);
        assertThat(imported.get("nodes")).isEqualTo(deep.get("nodes"));
        assertThat(imported.get("pending")).isEqualTo(deep.get("pending"));
        assertThat(imported.get("tree")).hasSize(9);
        assertThat(Trace.parse(getText("/api/trace")).choices()).isEqualTo(trace.choices());
    }

    @Test
    void faults_crash_restart_cut_off_and_heal() throws Exception {
        JsonNode view = post("/api/load", "{\"kind\": \"zab\", \"servers\": 3, \"writes\": 1, \"seed\": 1}");
        assertThat(view.get("scenario").asText()).isEqualTo("zab-3-1w");
        assertThat(roles(view)).containsExactlyInAnyOrder("LEADING", "FOLLOWING", "FOLLOWING");
        JsonNode write = enabled(view).stream().filter(e -> e.get("what").asText().contains("write 1")).findFirst().orElseThrow();
        view = choose("run", write.get("seq").asLong());
        assertThat(view.get("diagram").get("messages")).anySatisfy(m -> assertThat(m.get("label").asText()).contains("PROPOSAL"));

        int follower = firstWithRole(view, "FOLLOWING");
        view = choose("isolate", follower);
        assertThat(node(view, follower).get("isolated").asBoolean()).isTrue();
        assertThat(view.get("faults")).anySatisfy(f -> assertThat(f.get("action").asText()).isEqualTo("heal"));
        view = choose("heal", 0);
        assertThat(node(view, follower).get("isolated").asBoolean()).isFalse();
        view = choose("crash", follower);
        assertThat(node(view, follower).get("role").asText()).isEqualTo("down");
        assertThat(node(view, follower).get("isolated").asBoolean()).as("down is not cut off").isFalse();
        assertThat(view.get("faults")).noneSatisfy(f -> assertThat(f.get("action").asText()).isEqualTo("heal"));
        view = choose("restart", follower);
        assertThat(node(view, follower).get("role").asText()).isEqualTo("restarting");
        assertThat(Trace.parse(getText("/api/trace")).choices()).extracting(c -> c.action().name())
                .containsExactly("RUN", "ISOLATE", "HEAL", "CRASH", "RESTART");
    }

    @Test
    void a_trace_the_zab_search_saved_opens_at_its_violation() throws Exception {
        String saved;
        try (var in = getClass().getResourceAsStream("zab-3-early-commit.trace")) {
            saved = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        JsonNode view = post("/api/trace", saved);
        assertThat(view.get("scenario").asText()).isEqualTo("zab-3-early-commit");
        assertThat(view.get("note").asText()).contains("is committed but logged only on [3]");
        int leader = firstWithRole(view, "LEADING");
        assertThat(node(view, leader).get("log").toString()).contains("0x1_00000001 committed");
        view.get("nodes").forEach(n -> {
            if (n.get("id").asInt() != leader) {
                assertThat(n.get("log")).as("follower n" + n.get("id") + "'s log").isEmpty();
            }
        });
        assertThat(getText("/api/trace")).as("exported again, the same file").isEqualTo(saved);
    }

    @Test
    void bad_requests_name_what_is_wrong() throws Exception {
        assertError(send("/api/load", "{\"scenario\": \"raft-3\"}"), 400, "no scenario 'raft-3'", null);
        assertError(send("/api/load", "{\"kind\": \"paxos\"}"), 400, "'kind' must be election or zab", "kind");
        assertError(send("/api/load", "{\"kind\": \"election\", \"servers\": 12}"), 400, "'servers' must be a whole number from 3 to 7", "servers");
        assertError(send("/api/choose", "{\"action\": \"teleport\", \"seq\": 1}"), 400, "'action' must be run", "action");
        assertError(send("/api/choose", "{\"action\": \"run\"}"), 400, "'seq' is missing", "seq");
        assertError(send("/api/choose", "{\"action\": \"run\", \"seq\": 99999}"), 400, "no pending event #99999", null);
        assertError(send("/api/choose", "{\"action\": \"restart\", \"seq\": 1}"), 400, "server 1 is up", null);
        assertError(send("/api/goto", "{\"state\": 42}"), 400, "no state 42", null);
        assertError(send("/api/goto", "not json"), 400, "the body is not JSON", null);
        assertError(send("/api/trace", "run 1\n"), 400, "not a minizk trace", "trace");
        assertError(send("/api/trace", "# scenario: fle-3\nrun 424242  # nothing\n"), 400, "step 1 of the trace (run 424242", null);
        // Nothing refused changed the session.
        assertThat(get("/api/state").get("path")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> roles(JsonNode view) {
        List<String> roles = new ArrayList<>();
        view.get("nodes").forEach(n -> roles.add(n.get("role").asText()));
        return roles;
    }

    private static List<JsonNode> enabled(JsonNode view) {
        List<JsonNode> enabled = new ArrayList<>();
        view.get("pending").forEach(e -> {
            if (e.get("actions").toString().contains("\"run\"")) {
                enabled.add(e);
            }
        });
        return enabled;
    }

    private static String lineOf(JsonNode view, int index) {
        return "# scenario: x\n" + view.get("path").get(index).get("line").asText() + "\n";
    }

    private static JsonNode treeNode(JsonNode view, int id) {
        for (JsonNode node : view.get("tree")) {
            if (node.get("id").asInt() == id) {
                return node;
            }
        }
        throw new AssertionError("no state " + id + " in the tree");
    }

    private static JsonNode node(JsonNode view, int id) {
        return view.get("nodes").get(id - 1);
    }

    private static int firstWithRole(JsonNode view, String role) {
        for (JsonNode node : view.get("nodes")) {
            if (node.get("role").asText().equals(role)) {
                return node.get("id").asInt();
            }
        }
        throw new AssertionError("no " + role);
    }

    private JsonNode choose(String action, long seq) throws Exception {
        return post("/api/choose", "{\"action\": \"" + action + "\", \"seq\": " + seq + "}");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String getText(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = send(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String message, String field) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("error").asText()).contains(message);
        assertThat(error.get("parameter").isNull() ? null : error.get("parameter").asText()).isEqualTo(field);
    }
}
