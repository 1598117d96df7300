package dev.minizk.ensemble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.minizk.status.StatusServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status page's ensemble view ({@code GET /api/ensemble}) on a leader and a follower of a real ensemble. */
@Timeout(120)
class EnsembleStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private JsonNode get(StatusServer status, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(status.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void theLeaderShowsItsFollowersLinksAndLagAndItsFsyncs() throws Exception {
        try (TestEnsemble ensemble = TestEnsemble.start(dir, 3, 0)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.settledLeader().isPresent());
            int leader = ensemble.settledLeader().orElseThrow();
            int follower = ensemble.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
            try (StatusServer leaderPage = StatusServer.start(ensemble.server(leader).runtime(), new InetSocketAddress("127.0.0.1", 0));
                 StatusServer followerPage = StatusServer.start(ensemble.server(follower).runtime(), new InetSocketAddress("127.0.0.1", 0))) {
                ZooKeeper zk = StockClientsOnEnsembleTest.client(ensemble.connectString(follower), 4_000);
                try {
                    for (int i = 0; i < 10; i++) {
                        zk.create("/s" + i, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    }
                } finally {
                    zk.close();
                }
                assertThat(get(leaderPage, "/api/status").get("role").asText()).isEqualTo("leader");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    JsonNode view = get(leaderPage, "/api/ensemble");
                    assertThat(view.get("role").asText()).isEqualTo("leader");
                    assertThat(view.get("leader").asInt()).isEqualTo(leader);
                    assertThat(view.get("outstandingProposals").asInt()).isZero();
                    assertThat(view.get("members")).hasSize(3);
                    for (JsonNode member : view.get("members")) {
                        assertThat(member.get("linked").asBoolean()).isTrue();
                        if (!member.get("self").asBoolean()) {
                            assertThat(member.get("phase").asText()).isEqualTo("SERVING");
                            assertThat(member.get("unackedProposals").asInt()).isZero();
                            assertThat(member.get("messagesSent").asLong()).isPositive();
                        }
                    }
                    assertThat(view.get("disk").get("fsyncs").asLong()).isPositive();
                    assertThat(view.get("disk").get("syncsPerFsync").asDouble()).isGreaterThanOrEqualTo(1.0);
                    assertThat(view.get("disk").get("logSyncs").asLong()).isPositive();
                    assertThat(view.get("disk").get("txnsPerSync").asDouble()).isGreaterThanOrEqualTo(1.0);
                    for (JsonNode member : view.get("members")) {
                        if (!member.get("self").asBoolean()) { // the leader's view of each follower's commit lag
                            assertThat(member.get("owedAcks").asInt()).isZero();
                            assertThat(member.get("oldestOwedZxid").isNull()).isTrue();
                            assertThat(member.get("millisSinceHeard").asLong()).isBetween(0L, 5L * TestEnsemble.TICK);
                        }
                    }
                    // The ten creates (and the session's txns), each timed from PROPOSAL to COMMIT on the leader.
                    JsonNode throughput = view.get("throughput");
                    assertThat(throughput.get("txnsApplied").asLong()).isGreaterThanOrEqualTo(10);
                    assertThat(throughput.get("commits").asLong()).isGreaterThanOrEqualTo(10);
                    assertThat(throughput.get("averageCommitMillis").asDouble()).isPositive()
                            .isLessThanOrEqualTo(throughput.get("maxCommitMillis").asDouble());
                    assertThat(throughput.get("commitMillisTotal").asDouble()).isPositive();
                    JsonNode roles = view.get("roleChanges");
                    assertThat(roles.get(roles.size() - 1).get("role").asText()).isEqualTo("LEADING");
                });
                JsonNode followerView = get(followerPage, "/api/ensemble");
                assertThat(followerView.get("role").asText()).isEqualTo("follower");
                assertThat(followerView.get("leader").asInt()).isEqualTo(leader);
                assertThat(followerView.get("lastCommittedZxid").asText()).isEqualTo(get(leaderPage, "/api/ensemble").get("lastCommittedZxid").asText());
                assertThat(get(followerPage, "/api/status").get("role").asText()).isEqualTo("follower");
                JsonNode followerThroughput = followerView.get("throughput");
                assertThat(followerThroughput.get("txnsApplied").asLong()).isGreaterThanOrEqualTo(10); // it applies every commit
                assertThat(followerView.get("members").findValues("owedAcks")).allMatch(JsonNode::isNull);
            }
        }
    }
}
