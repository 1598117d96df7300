package dev.minizk.replica;

import dev.minizk.client.ClientState;
import dev.minizk.client.Created;
import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.zab.ZabConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica as the clients' server: the course's {@link ZkClient}s on simulated links to a
 * 3-server ensemble. A follower forwards its clients' writes to the leader and answers them when
 * the commit comes back; every server serves reads from its own tree.
 */
class ClientScenarioTest {

    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure();

    private ServingEnsemble ensemble(long seed) {
        ServingEnsemble ensemble = new ServingEnsemble(seed, 3);
        timeline.watch(ensemble.sim);
        return ensemble;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Tag("04.6")
    void a_write_through_a_follower_is_answered_there_read_back_there_and_seen_on_another_server() {
        ServingEnsemble e = ensemble(21);
        e.settle(5_000);
        int follower = e.follower();
        int other = e.verifier.members().stream().filter(id -> id != follower).findFirst().orElseThrow();

        ZkClient writer = e.client("writer", follower);
        writer.create("/config", bytes("v1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(writer.getData("/config", false).data()).isEqualTo(bytes("v1")); // its own write, read on the follower

        ZkClient reader = e.client("reader", other);
        e.sim.runFor(500); // the commit reaches every server
        assertThat(reader.getData("/config", false).data()).isEqualTo(bytes("v1"));
        assertThat(e.server(follower).connectionCount()).isEqualTo(1);
        assertThat(e.server(other).connectionCount()).isEqualTo(1);
        for (int id : e.verifier.members()) {
            assertThat(e.server(id).tree().exists("/config")).as("server %d", id).isTrue();
        }
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.6")
    void clients_on_every_server_write_at_once_under_flow_control_and_every_write_is_answered_once() {
        // Each server hands over at most 2 requests at once, the leader keeps at most 3 proposals in flight.
        ServingEnsemble e = new ServingEnsemble(22, SimConfig.reliable(), QuorumVerifier.majorityOf(3),
                ZabConfig.simulated().withMaxOutstandingProposals(3), 2);
        timeline.watch(e.sim);
        e.settle(5_000);
        List<ZkClient> clients = new ArrayList<>();
        for (int id : e.verifier.members()) {
            clients.add(e.client("c" + id, id));
        }
        List<CompletableFuture<Created>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (int c = 0; c < clients.size(); c++) {
                writes.add(clients.get(c).createAsync("/c" + c + "-" + i, bytes("w"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
        }
        int[] mostInFlight = new int[1];
        int[] mostProposals = new int[1];
        boolean done = e.sim.runUntil(() -> {
            for (int id : e.verifier.members()) {
                mostInFlight[0] = Math.max(mostInFlight[0], e.server(id).requestsInFlight());
            }
            e.node(e.leader().orElseThrow()).orElseThrow().replica().leader()
                    .ifPresent(l -> mostProposals[0] = Math.max(mostProposals[0], l.outstandingProposals()));
            return writes.stream().allMatch(CompletableFuture::isDone);
        }, 10_000);

        assertThat(done).as("every write answered").isTrue();
        assertThat(writes).allSatisfy(w -> assertThat(w).isCompleted());
        assertThat(mostInFlight[0]).isEqualTo(2);
        assertThat(mostProposals[0]).isEqualTo(3);
        e.sim.runFor(500);
        for (int id : e.verifier.members()) {
            assertThat(e.server(id).tree().getChildren("/")).as("server %d", id).hasSize(61); // 60 writes and /zookeeper
        }
        e.check().throwIfViolated();
    }

    /** Needs the leader to step down when it loses its quorum (04.8), so it grades nothing of 04.6. */
    @Test
    void a_server_that_loses_its_leader_closes_its_clients_connections_and_they_move_to_a_serving_server() {
        ServingEnsemble e = ensemble(23);
        e.settle(5_000);
        int oldLeader = e.leader().orElseThrow();
        ZkClient client = e.client("c", oldLeader);
        client.create("/before", bytes("1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        e.sim.isolate(oldLeader); // it loses its quorum, steps down and stops serving; the others elect
        boolean moved = e.sim.runUntil(() -> e.leader().filter(l -> l != oldLeader).isPresent()
                && e.server(oldLeader).connectionCount() == 0 && client.state() == ClientState.CONNECTED, 10_000);
        assertThat(moved).as("a new leader, and the client on one of its servers").isTrue();
        client.create("/after", bytes("2"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(client.getChildren("/", false)).contains("before", "after");
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.6")
    void an_observer_forwards_its_clients_writes_and_answers_them_without_a_vote() {
        ServingEnsemble e = new ServingEnsemble(24, SimConfig.reliable(), QuorumVerifier.majorityOf(3).withObservers(4),
                ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(5_000);
        assertThat(e.node(4).orElseThrow().replica().role().name()).isEqualTo("OBSERVING");

        ZkClient client = e.client("c", 4);
        client.create("/seen", bytes("by all"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(client.getData("/seen", false).data()).isEqualTo(bytes("by all"));
        assertThat(e.server(4).connectionCount()).isEqualTo(1);
        assertThat(e.recorder.commits()).allSatisfy(c -> assertThat(c.ackers()).doesNotContain(4));
        e.check().throwIfViolated();
    }

    /**
     * A client never goes back in time: a server that has not applied the last zxid the client
     * saw turns it away (stage 02's rule), and the client tries the next server of its connect
     * string. Peers here are slow (50-60 ms), client links fast: right after its write, on the
     * leader, the followers have not applied it yet.
     */
    @Test
    void a_server_behind_the_clients_last_seen_zxid_turns_it_away_and_it_finds_one_that_is_not() {
        SimConfig slowPeers = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withDelay(50, 60)).withLinkDelay(1, 2);
        ServingEnsemble e = new ServingEnsemble(25, slowPeers, QuorumVerifier.majorityOf(3), ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(10_000);
        int leader = e.leader().orElseThrow();
        ZkClient client = e.client("c", leader);
        client.create("/mine", bytes("1"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        long seen = client.lastZxidSeen();
        assertThat(e.verifier.members()).filteredOn(id -> id != leader).allSatisfy(id ->
                assertThat(e.server(id).lastZxid()).as("follower %d is behind", id).isLessThan(seen));

        e.sim.dropLink(e.node(leader).orElseThrow().clientLinks().connectionsOf(client.sessionId()).get(0));
        assertThat(e.sim.runUntil(() -> client.state() == ClientState.CONNECTED, 5_000)).isTrue();
        // It tried the two followers first (its connect string moves on), both behind: it is back on the leader.
        assertThat(e.server(leader).connectionCount()).isEqualTo(1);
        assertThat(client.exists("/mine", false)).as("its own write, wherever it is now").isNotNull();
        assertThat(client.lastZxidSeen()).isGreaterThanOrEqualTo(seen);
        e.check().throwIfViolated();
    }
}
