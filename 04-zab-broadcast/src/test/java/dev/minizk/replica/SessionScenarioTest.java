package dev.minizk.replica;

import dev.minizk.client.ClientState;
import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.simclient.SimulatedClient;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.minizk.client.Created;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions and {@code sync} on an ensemble: the leader alone expires sessions and hears from the
 * learners' pings which ones their clients keep alive; a client that moves to another server
 * keeps its session; a follower's reads may be stale until a {@code sync}.
 */
class SessionScenarioTest {

    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ServingEnsemble ensemble(long seed) {
        ServingEnsemble ensemble = new ServingEnsemble(seed, 3);
        timeline.watch(ensemble.sim);
        return ensemble;
    }

    @Test
    @Tag("04.7")
    void a_read_on_a_follower_may_be_stale_and_a_sync_before_it_makes_it_see_the_write() {
        // Peer messages take 50-60 ms, client links 1-2 ms: a follower hears of a commit well
        // after the writer, on the leader, has its answer.
        SimConfig slowPeers = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withDelay(50, 60)).withLinkDelay(1, 2);
        ServingEnsemble e = new ServingEnsemble(31, slowPeers, QuorumVerifier.majorityOf(3), ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(10_000);
        int leader = e.leader().orElseThrow();
        ZkClient writer = e.client("writer", leader);
        ZkClient reader = e.client("reader", e.follower());

        writer.create("/flag", bytes("up"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(reader.exists("/flag", false)).as("stale: the follower has not applied the commit yet").isNull();

        reader.sync("/flag");
        assertThat(reader.exists("/flag", false)).as("after sync").isNotNull();
        assertThat(reader.getData("/flag", false).data()).isEqualTo(bytes("up"));
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.7")
    void a_sync_after_the_sessions_own_write_is_answered_after_that_write() {
        ServingEnsemble e = ensemble(32);
        e.settle(5_000);
        ZkClient client = e.client("c", e.follower());

        var created = client.createAsync("/a", bytes("1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        var synced = client.syncAsync("/a");
        client.runtime().await(synced, 2_000);
        assertThat(created).isDone();
        assertThat(client.exists("/a", false)).isNotNull();
        e.check().throwIfViolated();
    }

    /** The touches travel in the learners' answers to the leader's pings, which are 04.8's: ungraded here. */
    @Test
    void a_follower_s_client_lives_on_through_its_pings_and_once_it_is_gone_the_leader_expires_its_session_everywhere() {
        ServingEnsemble e = ensemble(33);
        e.settle(5_000);
        ZkClient client = e.client("c", e.follower());
        client.create("/lease", bytes("held"), Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long session = client.sessionId();

        e.sim.runFor(10L * client.sessionTimeout()); // idle, but its pings reach the follower, and the follower's pings the leader
        assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
        assertThat(client.sessionId()).isEqualTo(session);
        for (int id : e.verifier.members()) {
            assertThat(e.server(id).tree().exists("/lease")).as("server %d, while its client lives", id).isTrue();
        }

        e.sim.cutOff(((SimulatedClient) client.runtime()).machine()); // no goodbye: the session lives on until it expires
        e.sim.runFor(3L * client.sessionTimeout());
        for (int id : e.verifier.members()) {
            assertThat(e.server(id).tree().exists("/lease")).as("server %d, once its client is gone", id).isFalse();
            assertThat(e.server(id).sessions()).as("server %d", id).noneMatch(s -> s.id() == session);
        }
        e.check().throwIfViolated();
    }

    /** Stage 02's resume (password, lastZxidSeen) on an ensemble, kept alive by 04.8's pings: ungraded. */
    @Test
    void a_client_whose_server_crashes_moves_to_another_and_keeps_its_session_and_ephemerals() {
        ServingEnsemble e = ensemble(35);
        e.settle(5_000);
        int follower = e.follower();
        ZkClient client = e.client("c", follower);
        client.create("/lease", bytes("held"), Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long session = client.sessionId();
        e.sim.runFor(3L * client.sessionTimeout()); // kept alive at the leader by the follower's pings

        e.sim.crash(follower); // the other two still form a quorum; the client notices by its read timeout
        boolean moved = e.sim.runUntil(() -> client.state() == ClientState.CONNECTED
                && e.verifier.members().stream().filter(id -> id != follower).anyMatch(id -> e.server(id).connectionCount() == 1), 5_000);
        assertThat(moved).as("the client reconnected to another server").isTrue();
        assertThat(client.getData("/lease", false).data()).isEqualTo(bytes("held"));
        assertThat(client.sessionId()).isEqualTo(session);
        e.sim.runFor(3L * client.sessionTimeout());
        assertThat(client.getEphemerals()).containsExactly("/lease");
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.7")
    void a_sync_on_the_leader_is_answered_after_every_proposal_issued_before_it() {
        ServingEnsemble e = ensemble(36);
        e.settle(5_000);
        ZkClient client = e.client("c", e.leader().orElseThrow());

        List<CompletableFuture<Created>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(client.createAsync("/w" + i, bytes("x"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        }
        CompletableFuture<String> synced = client.syncAsync("/");
        client.runtime().await(synced, 2_000);
        assertThat(writes).allSatisfy(w -> assertThat(w).isCompleted());
        assertThat(client.getChildren("/", false)).contains("w0", "w1", "w2", "w3", "w4");
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.7")
    void an_observers_client_syncs_through_the_leader_and_then_reads_the_latest_write() {
        SimConfig slowPeers = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withDelay(50, 60)).withLinkDelay(1, 2);
        ServingEnsemble e = new ServingEnsemble(37, slowPeers, QuorumVerifier.majorityOf(3).withObservers(4), ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(10_000);
        ZkClient writer = e.client("writer", e.leader().orElseThrow());
        ZkClient reader = e.client("reader", 4);

        writer.setData("/", bytes("root v2"), -1);
        assertThat(reader.getData("/", false).data()).as("stale: the INFORM is still on its way").isNotEqualTo(bytes("root v2"));
        reader.sync("/");
        assertThat(reader.getData("/", false).data()).isEqualTo(bytes("root v2"));
        e.check().throwIfViolated();
    }
}
