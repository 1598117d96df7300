package dev.minizk.replica;

import dev.minizk.client.ZkClient;
import dev.minizk.election.QuorumVerifier;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.ErrorCode;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import dev.minizk.zab.ZabConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Instructor-only checks with clients on a five-server ensemble and an observer, for tasks 04.6 and 04.7. */
class HiddenClientsTest {

    @RegisterExtension
    final TimelineOnFailure timeline = new TimelineOnFailure();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> notLeading(ServingEnsemble e) {
        int leader = e.leader().orElseThrow();
        return e.verifier.members().stream().filter(id -> id != leader).toList();
    }

    @Test
    @Tag("04.6")
    void conditional_writes_through_every_follower_and_the_observer_are_ordered_by_the_leader_and_answered_where_they_came_from() {
        ServingEnsemble e = new ServingEnsemble(61, SimConfig.reliable(), QuorumVerifier.majorityOf(5).withObservers(6),
                ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(5_000);
        List<ZkClient> clients = new ArrayList<>();
        for (int id : notLeading(e)) {
            clients.add(e.client("c" + id, id));
        }
        clients.get(0).create("/counter", bytes("0"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        long lastZxid = 0;
        int version = 0;
        for (int round = 0; round < 2; round++) {
            for (ZkClient client : clients) { // the version check is the leader's: a server behind it cannot get it wrong
                Stat after = client.setData("/counter", bytes("v" + version), version);
                assertThat(after.version()).isEqualTo(version + 1);
                assertThat(after.mzxid()).as("the leader's order").isGreaterThan(lastZxid);
                lastZxid = after.mzxid();
                version = after.version();
            }
        }
        ZkClient late = clients.get(clients.size() - 1);
        assertThatThrownBy(() -> late.setData("/counter", bytes("stale"), 3))
                .isInstanceOf(KeeperException.class)
                .satisfies(x -> assertThat(((KeeperException) x).code()).isEqualTo(ErrorCode.BADVERSION));
        e.sim.runFor(500);
        for (int id : e.verifier.members()) {
            assertThat(e.server(id).tree().stat("/counter").version()).as("server %d", id).isEqualTo(10);
            assertThat(e.server(id).connectionCount()).as("server %d answers its own clients", id).isEqualTo(id == e.leader().orElseThrow() ? 0 : 1);
        }
        assertThat(e.sameTrees()).isTrue();
        e.check().throwIfViolated();
    }

    @Test
    @Tag("04.7")
    void after_a_sync_every_follower_and_the_observer_read_the_write_a_client_of_the_leader_just_made() {
        SimConfig slowPeers = SimConfig.reliable().withNetwork(NetworkFaults.reliable().withDelay(50, 60)).withLinkDelay(1, 2);
        ServingEnsemble e = new ServingEnsemble(62, slowPeers, QuorumVerifier.majorityOf(5).withObservers(6), ZabConfig.simulated(), 1_000);
        timeline.watch(e.sim);
        e.settle(10_000);
        ZkClient writer = e.client("writer", e.leader().orElseThrow());
        List<ZkClient> readers = new ArrayList<>();
        for (int id : notLeading(e)) {
            readers.add(e.client("r" + id, id));
        }
        writer.create("/flag", bytes("up"), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(readers.get(0).exists("/flag", false)).as("stale before the sync: the commit is still on its way").isNull();
        for (ZkClient reader : readers) {
            reader.sync("/flag");
            assertThat(reader.getData("/flag", false).data()).as("after sync").isEqualTo(bytes("up"));
        }
        e.check().throwIfViolated();
    }
}
