package dev.minizk.inprocess;

import dev.minizk.client.ZkClient;
import dev.minizk.server.ServerConfig;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-process network itself: determinism, latency, idle sessions. Ungraded. */
class InProcessNetworkTest {

    private static List<String> scenario() {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults(), 3);
        ZkClient a = network.connect(10_000, event -> { });
        ZkClient b = network.connect(10_000, event -> { });
        a.create("/x", new byte[] {1}, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        b.exists("/x", true);
        a.setDataAsync("/x", new byte[] {2}, -1);
        b.getDataAsync("/x", true);
        network.disconnect(a);
        network.advance(25_000);
        a.close();
        network.runUntilIdle();
        return network.timeline();
    }

    @Test
    void the_same_scenario_gives_the_same_timeline() {
        List<String> first = scenario();
        assertThat(first).isNotEmpty().isEqualTo(scenario());
        assertThat(first).anyMatch(line -> line.contains("resume"));
    }

    @Test
    void a_call_takes_a_round_trip_of_virtual_time() {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults(), 7);
        ZkClient client = network.connect(10_000, null);
        long before = network.now();

        client.exists("/", false);

        assertThat(network.now() - before).isEqualTo(14);
    }

    @Test
    void an_idle_client_keeps_its_session_alive_with_pings() {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults());
        ZkClient client = network.connect(10_000, null);
        client.create("/mine", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

        network.advance(100_000);

        assertThat(network.server().tree().exists("/mine")).isTrue();
        assertThat(network.timeline()).anyMatch(line -> line.contains("Ping"));
    }

    @Test
    void the_timeline_is_bounded() {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults());
        ZkClient client = network.connect(10_000, null);
        for (int i = 0; i < 500; i++) {
            client.exists("/", false);
        }
        assertThat(network.timeline()).hasSizeLessThanOrEqualTo(400);
    }

    @Test
    void without_latency_a_long_session_of_calls_all_at_time_zero_is_not_mistaken_for_a_stuck_loop() {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults());
        ZkClient client = network.connect(10_000, null);
        for (int i = 0; i < 300_000; i++) { // four events each: more than the simulator's cap per run at one instant
            client.exists("/", false);
        }
        assertThat(network.now()).isZero();
    }
}
