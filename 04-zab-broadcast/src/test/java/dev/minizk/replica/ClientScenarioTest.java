package dev.minizk.replica;

import dev.minizk.client.ZkClient;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

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
}
