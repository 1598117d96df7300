package dev.minizk.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.fault.Faults;
import dev.minizk.status.StatusServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status pages of a real three-server ensemble (in this JVM, laid out as {@code minizk
 * ensemble} lays it out): every member side by side ({@code GET /api/members}), a partition
 * injected through one page ({@code POST /api/ensemble/faults/partition}) seen on every page's
 * timeline ({@code GET /api/ensemble/faults}), and every bad fault request refused with a clear
 * JSON error before anything is done.
 */
@Timeout(120)
class EnsembleFaultsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(StatusServer page, String method, String path, boolean confirmed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(page.url() + path.substring(1))).timeout(Duration.ofSeconds(15))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (confirmed) {
            request.header(Faults.CONFIRM_HEADER, "yes");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private JsonNode get(StatusServer page, String path) throws Exception {
        Answer answer = send(page, "GET", path, false);
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body();
    }

    private void refused(StatusServer page, String path, boolean confirmed, int status, String parameter, String error) throws Exception {
        Answer answer = send(page, "POST", path, confirmed);
        assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(status);
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("error").asText()).isEqualTo(error);
        assertThat(answer.body().get("parameter").isNull() ? null : answer.body().get("parameter").asText()).isEqualTo(parameter);
    }

    @Test
    void everyMemberSideBySideAPartitionOnEveryTimelineAndBadFaultsRefused() throws Exception {
        Map<Integer, StatusServer> pages = new TreeMap<>();
        try (TestEnsemble ensemble = TestEnsemble.start(dir, 3, 0)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
            int leader = ensemble.settledLeader().orElseThrow();
            for (int id : ensemble.ids()) {
                pages.put(id, StatusServer.start(ensemble.server(id).runtime(), new InetSocketAddress("127.0.0." + id, 0)));
                assertThat(Files.readString(dir.resolve("server" + id).resolve("status-page")).trim()).isEqualTo(pages.get(id).url());
            }
            int follower = ensemble.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
            StatusServer page = pages.get(follower);

            JsonNode members = get(page, "/api/members");
            assertThat(members.get("serverId").asInt()).isEqualTo(follower);
            List<String> roles = new ArrayList<>();
            for (JsonNode member : members.get("members")) {
                assertThat(member.get("reachable").asBoolean()).as(member.toString()).isTrue();
                assertThat(member.get("view").get("serverId").asInt()).isEqualTo(member.get("id").asInt());
                roles.add(member.get("view").get("role").asText());
            }
            assertThat(roles).containsExactlyInAnyOrder("leader", "follower", "follower");

            // Refused, each with one line naming what is wrong, and nothing done.
            String faults = "/api/ensemble/faults/";
            refused(page, faults + "kill?servers=" + leader, false, 403, Faults.CONFIRM_HEADER,
                    "a fault needs the header X-Minizk-Confirm: yes (the page's confirm dialog sends it)");
            refused(page, faults + "explode?servers=1", true, 400, "action",
                    "ACTION must be kill, pause, resume, restart, partition or heal, got 'explode'");
            refused(page, faults + "kill", true, 400, "servers", "no server ids given (as 1,3; servers [1, 2, 3])");
            refused(page, faults + "pause?servers=9", true, 400, "servers", "there is no server 9 (servers [1, 2, 3])");
            refused(page, faults + "resume?servers=two", true, 400, "servers", "'two' is not a server id");
            refused(page, faults + "kill?servers=2", true, 400, "servers", "server 2 has no pid file under " + dir.toAbsolutePath());
            refused(page, faults + "partition?servers=1,2,3", true, 400, "others", "partition: the groups leave no server on the other side");
            refused(page, faults + "partition?servers=1&others=x", true, 400, "others", "'x' is not a server id");
            refused(page, "/api/faults/cut?peers=" + leader, false, 403, Faults.CONFIRM_HEADER,
                    "a fault needs the header X-Minizk-Confirm: yes (the page's confirm dialog sends it)");
            assertThat(get(page, "/api/ensemble/faults").get("faults")).isEmpty();

            // The leader cut off from the rest through a follower's page: the two others elect one of them.
            Answer cut = send(page, "POST", faults + "partition?servers=" + leader, true);
            assertThat(cut.status()).as(cut.body().toString()).isEqualTo(200);
            assertThat(cut.body().get("outcome").get(0).asText()).startsWith("partitioned: [" + leader + "] | ");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode view = get(page, "/api/members");
                JsonNode old = member(view, leader);
                assertThat(old.get("view").get("role").asText()).isNotEqualTo("leader");
                assertThat(old.get("view").get("members").findValues("linked").stream().filter(JsonNode::asBoolean)).hasSize(1); // itself
                assertThat(List.of(member(view, follower), otherFollower(view, leader, follower)))
                        .anyMatch(m -> m.get("view").get("role").asText().equals("leader"));
            });
            for (StatusServer each : pages.values()) { // every page's timeline, the cut-off one's too
                JsonNode shown = get(each, "/api/ensemble/faults").get("faults");
                assertThat(shown).hasSize(1);
                assertThat(shown.get(0).get("action").asText()).isEqualTo("partition");
                assertThat(shown.get(0).get("servers").get(0).asInt()).isEqualTo(leader);
                assertThat(shown.get(0).get("by").asText()).isEqualTo("the page of server " + follower);
            }

            Answer heal = send(page, "POST", faults + "heal", true);
            assertThat(heal.status()).as(heal.body().toString()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
            JsonNode healed = get(pages.get(leader), "/api/ensemble/faults").get("faults");
            assertThat(healed).hasSize(2);
            assertThat(healed.get(0).get("action").asText()).isEqualTo("heal"); // newest first
        } finally {
            pages.values().forEach(StatusServer::close);
        }
    }

    private static JsonNode member(JsonNode view, int id) {
        for (JsonNode member : view.get("members")) {
            if (member.get("id").asInt() == id) {
                return member;
            }
        }
        throw new AssertionError("no member " + id + " in " + view);
    }

    private static JsonNode otherFollower(JsonNode view, int leader, int follower) {
        for (JsonNode member : view.get("members")) {
            if (member.get("id").asInt() != leader && member.get("id").asInt() != follower) {
                return member;
            }
        }
        throw new AssertionError("no third member in " + view);
    }
}
