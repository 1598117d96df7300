package dev.minizk.sim;

import dev.minizk.sim.junit.TimelineOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peer links as TCP connections ({@link NetworkFaults#connections}): whatever loses a message
 * breaks the connection, what is in flight on it is lost both ways, both ends learn it, and the
 * next message opens a new connection (course infrastructure; ungraded).
 */
class PeerConnectionTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    /** Keeps what it receives and the peers whose connection broke, as "t from message" and "t broken peer". */
    static final class Endpoint implements Node<String> {
        final List<String> received = new ArrayList<>();
        final List<Integer> broken = new ArrayList<>();
        NodeContext<String> ctx;

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
        }

        @Override
        public void onMessage(int from, String message) {
            received.add(message);
        }

        @Override
        public void onTimer(TimerTag tag) {
        }

        @Override
        public void onPeerLinkBroken(int peer) {
            broken.add(peer);
        }
    }

    private static Simulator<String> world(NetworkFaults network) {
        Simulator<String> sim = new Simulator<>(7, SimConfig.reliable().withNetwork(network).withTimelineCapacity(10_000));
        for (int id = 1; id <= 3; id++) {
            sim.addNode(id, n -> new Endpoint());
        }
        sim.runFor(1);
        return sim;
    }

    private static Endpoint node(Simulator<String> sim, int id) {
        return (Endpoint) sim.node(id).orElseThrow();
    }

    private static void send(Simulator<String> sim, int from, int to, String... messages) {
        sim.act(from, "send", n -> {
            for (String message : messages) {
                ((Endpoint) n).ctx.send(to, message);
            }
        });
        sim.runFor(0);
    }

    @Test
    void a_partition_breaks_the_connection_loses_what_is_in_flight_both_ways_and_both_ends_learn_it() {
        Simulator<String> sim = world(NetworkFaults.reliable().withDelay(10, 10).withConnections());
        trace.watch(sim);
        send(sim, 1, 2, "a", "b");
        send(sim, 2, 1, "x");
        sim.runFor(5);
        sim.cutOneWay(1, 2); // only 1 → 2 is cut; "x" travels the other way on the same connection
        sim.runFor(100);

        assertThat(node(sim, 2).received).isEmpty();
        assertThat(node(sim, 1).received).as("lost with the connection it travelled on").isEmpty();
        assertThat(node(sim, 1).broken).containsExactly(2);
        assertThat(node(sim, 2).broken).containsExactly(1);
        assertThat(node(sim, 3).broken).isEmpty();

        sim.heal();
        send(sim, 1, 2, "c");
        send(sim, 2, 1, "y");
        sim.runFor(100);
        assertThat(node(sim, 2).received).as("a new connection").containsExactly("c");
        assertThat(node(sim, 1).received).containsExactly("y");
    }

    @Test
    void a_lost_packet_breaks_the_connection_so_no_later_message_arrives_past_a_gap() {
        Simulator<String> sim = world(NetworkFaults.reliable().withLoss(0.3).withConnections());
        trace.watch(sim);
        for (int i = 0; i < 40; i++) {
            send(sim, 1, 2, "m" + i);
            sim.runFor(1);
        }
        sim.runFor(100);
        List<String> got = node(sim, 2).received;
        assertThat(node(sim, 2).broken).as("a loss of 0.3 over 40 messages breaks it").isNotEmpty();
        assertThat(node(sim, 1).broken).hasSameSizeAs(node(sim, 2).broken);
        // Within one connection nothing is skipped: each message received follows the one before, or starts a new connection.
        int gaps = 0;
        for (int i = 1; i < got.size(); i++) {
            if (Integer.parseInt(got.get(i).substring(1)) != Integer.parseInt(got.get(i - 1).substring(1)) + 1) {
                gaps++;
            }
        }
        assertThat(gaps).as("one gap per broken connection at most").isLessThanOrEqualTo(node(sim, 2).broken.size());
    }

    @Test
    void a_sender_writes_on_the_dead_connection_until_it_learns_of_the_break() {
        Simulator<String> sim = world(NetworkFaults.reliable().withDelay(10, 10).withConnections());
        trace.watch(sim);
        sim.partition(Set.of(1), Set.of(2, 3));
        send(sim, 1, 2, "lost, breaks the connection");
        sim.heal();
        send(sim, 1, 2, "lost: 1 has not learned of the break yet");
        sim.runFor(10);
        assertThat(node(sim, 1).broken).containsExactly(2);
        send(sim, 1, 2, "on a new connection");
        sim.runFor(20);
        assertThat(node(sim, 2).received).containsExactly("on a new connection");
    }

    @Test
    void a_crash_breaks_every_connection_of_the_server_and_its_peers_learn_it() {
        Simulator<String> sim = world(NetworkFaults.reliable().withConnections());
        trace.watch(sim);
        send(sim, 2, 1, "in flight when 1 crashes");
        sim.crash(1);
        sim.runFor(20);
        assertThat(node(sim, 2).broken).containsExactly(1);
        assertThat(node(sim, 3).broken).containsExactly(1);

        send(sim, 2, 1, "to a server that is down");
        sim.runFor(20);
        assertThat(node(sim, 2).broken).as("a refused connection").containsExactly(1, 1);
        sim.restart(1);
        sim.runFor(1);
        send(sim, 2, 1, "after the restart");
        send(sim, 1, 2, "from the new incarnation");
        sim.runFor(20);
        assertThat(node(sim, 1).received).containsExactly("after the restart");
        assertThat(node(sim, 2).received).containsExactly("from the new incarnation");
    }

    @Test
    void without_connections_a_lost_message_goes_alone_and_nobody_is_told() {
        Simulator<String> sim = world(NetworkFaults.reliable().withDelay(10, 10));
        trace.watch(sim);
        sim.partition(Set.of(1), Set.of(2, 3));
        send(sim, 1, 2, "lost");
        sim.heal();
        send(sim, 1, 2, "arrives");
        sim.runFor(50);
        assertThat(node(sim, 2).received).containsExactly("arrives");
        assertThat(node(sim, 1).broken).isEmpty();
        assertThat(node(sim, 2).broken).isEmpty();
    }
}
