package dev.minizk.sim;

import dev.minizk.sim.junit.TimelineOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Client machines and their stream links to servers, in the simulator's one loop (course infrastructure; ungraded). */
class ClientLinksTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    /** Answers every link message with "echo <message>"; closes a link when told "bye"; pings its peers. */
    static final class EchoServer implements Node<String>, LinkAcceptor {
        final List<String> log = new ArrayList<>();
        NodeContext<String> ctx;

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            for (int peer = 1; peer <= 3; peer++) {
                ctx.send(peer, "hello from " + ctx.id());
            }
        }

        @Override
        public void onMessage(int from, String message) {
            log.add("peer " + from + ": " + message);
        }

        @Override
        public void onTimer(TimerTag tag) {
        }

        @Override
        public void onLinkOpened(LinkEnd link, Object hello) {
            log.add("opened " + link.linkId() + ": " + hello);
            link.send("welcome");
        }

        @Override
        public void onLinkMessage(LinkEnd link, Object message) {
            log.add("got " + message);
            if (message.equals("bye")) {
                link.close();
            } else {
                link.send("echo " + message);
            }
        }

        @Override
        public void onLinkClosed(LinkEnd link) {
            log.add("closed " + link.linkId());
        }
    }

    /** What a client machine hears on one link. */
    static final class Heard implements LinkListener {
        final List<String> messages = new ArrayList<>();
        boolean closed;

        @Override
        public void onMessage(Object message) {
            messages.add((String) message);
        }

        @Override
        public void onClosed() {
            closed = true;
        }
    }

    private Simulator<String> world(long seed) {
        Simulator<String> sim = trace.watch(new Simulator<>(seed, SimConfig.reliable().withLinkDelay(1, 30).withClockSkew(500, 0.02)));
        for (int id = 1; id <= 3; id++) {
            sim.addNode(id, n -> new EchoServer());
        }
        return sim;
    }

    private static EchoServer server(Simulator<String> sim, int id) {
        return (EchoServer) sim.node(id).orElseThrow();
    }

    @Test
    void a_link_keeps_order_both_ways_although_delays_are_random() {
        Simulator<String> sim = world(1);
        ClientMachine client = sim.addClient("c1");
        Heard heard = new Heard();
        LinkEnd link = client.open(2, "hi", heard);
        for (int i = 0; i < 50; i++) {
            link.send("m" + i);
        }
        sim.runFor(5_000);

        List<String> expected = new ArrayList<>(List.of("welcome"));
        for (int i = 0; i < 50; i++) {
            expected.add("echo m" + i);
        }
        assertThat(heard.messages).isEqualTo(expected);
        assertThat(server(sim, 2).log).filteredOn(l -> l.startsWith("got"))
                .isEqualTo(expected.subList(1, expected.size()).stream().map(e -> e.replace("echo", "got")).toList());
    }

    @Test
    void a_crashed_server_stalls_its_links_silently_and_a_restarted_one_takes_new_links_only() {
        Simulator<String> sim = world(2);
        ClientMachine client = sim.addClient("c1");
        Heard old = new Heard();
        LinkEnd link = client.open(1, "hi", old);
        sim.runFor(100);
        sim.crash(1);
        link.send("anyone?");
        sim.runFor(1_000);

        assertThat(old.messages).containsExactly("welcome");
        assertThat(old.closed).as("a stall is not a close").isFalse();
        Heard refused = new Heard();
        client.open(1, "hi", refused);
        sim.runFor(100);
        assertThat(refused.closed).as("nobody answers on a down host").isTrue();

        sim.restart(1);
        link.send("still there?");
        Heard fresh = new Heard();
        client.open(1, "again", fresh);
        sim.runFor(100);
        assertThat(old.messages).containsExactly("welcome");
        assertThat(fresh.messages).containsExactly("welcome");
        assertThat(server(sim, 1).log).noneMatch(l -> l.contains("still there?"));
    }

    @Test
    void a_cut_off_client_stalls_and_is_refused_until_it_reconnects() {
        Simulator<String> sim = world(3);
        ClientMachine client = sim.addClient("c1");
        Heard heard = new Heard();
        LinkEnd link = client.open(3, "hi", heard);
        sim.runFor(100);
        sim.cutOff(client);
        link.send("lost");
        Heard refused = new Heard();
        client.open(3, "hi", refused);
        sim.runFor(100);

        assertThat(heard.messages).containsExactly("welcome");
        assertThat(heard.closed).isFalse();
        assertThat(refused.closed).isTrue();
        sim.reconnect(client);
        Heard after = new Heard();
        client.open(3, "back", after);
        sim.runFor(100);
        assertThat(after.messages).containsExactly("welcome");
    }

    @Test
    void a_server_cut_off_from_clients_stalls_old_and_new_links_until_the_heal() {
        Simulator<String> sim = world(7);
        ClientMachine client = sim.addClient("c1");
        Heard old = new Heard();
        LinkEnd link = client.open(1, "hi", old);
        sim.runFor(100);
        sim.cutOffFromClients(1);
        link.send("lost");
        Heard during = new Heard();
        client.open(1, "hi", during);
        sim.runFor(1_000);

        assertThat(old.messages).containsExactly("welcome");
        assertThat(old.closed || during.closed).as("nobody is told: a client notices by its timeout").isFalse();
        assertThat(during.messages).isEmpty();
        assertThat(server(sim, 1).log).noneMatch(l -> l.contains("lost")).filteredOn(l -> l.startsWith("opened")).hasSize(1);

        sim.heal();
        Heard after = new Heard();
        client.open(1, "again", after);
        sim.runFor(100);
        assertThat(after.messages).containsExactly("welcome");
        assertThat(old.messages).as("a stalled link stays dead").containsExactly("welcome");
    }

    @Test
    void closes_and_drops_are_seen_by_the_other_end() {
        Simulator<String> sim = world(4);
        ClientMachine client = sim.addClient("c1");
        Heard byServer = new Heard();
        client.open(1, "hi", byServer).send("bye");
        Heard byClient = new Heard();
        LinkEnd closing = client.open(2, "hi", byClient);
        Heard dropped = new Heard();
        LinkEnd droppedLink = client.open(3, "hi", dropped);
        sim.runFor(100);
        closing.close();
        sim.dropLink(droppedLink.linkId());
        sim.runFor(100);

        assertThat(byServer.closed).isTrue();
        assertThat(server(sim, 2).log).contains("closed " + closing.linkId());
        assertThat(byClient.closed).as("the closing end is not told again").isFalse();
        assertThat(dropped.closed).isTrue();
        assertThat(server(sim, 3).log).contains("closed " + droppedLink.linkId());
    }

    @Test
    void a_node_that_serves_no_clients_refuses_links() {
        Simulator<String> sim = trace.watch(new Simulator<>(5));
        sim.addNode(1, n -> new RecordingNode<>());
        Heard heard = new Heard();
        sim.addClient("c1").open(1, "hi", heard);
        sim.runFor(100);

        assertThat(heard.closed).isTrue();
        assertThat(heard.messages).isEmpty();
    }

    @Test
    void client_timers_run_on_the_client_clock_and_can_be_cancelled() {
        Simulator<String> sim = world(6);
        ClientMachine client = sim.addClient("c1");
        List<Long> ran = new ArrayList<>();
        client.schedule(1_000, () -> ran.add(client.now()));
        TimerId cancelled = client.schedule(500, () -> ran.add(-1L));
        client.cancel(cancelled);
        long start = client.now();
        sim.runUntilIdle();
        assertThat(ran).isEmpty(); // idle: only a timer is pending, and it is not due
        sim.runFor(2_000);

        assertThat(ran).hasSize(1);
        assertThat(ran.get(0) - start).isBetween(1_000L, 1_001L);
    }

    private static String run(long seed) {
        Simulator<String> sim = new Simulator<>(seed, SimConfig.reliable().withLinkDelay(1, 30)
                .withNetwork(NetworkFaults.reliable().withLoss(0.1).withReordering()).withTimelineCapacity(10_000));
        for (int id = 1; id <= 3; id++) {
            sim.addNode(id, n -> new EchoServer());
        }
        List<LinkEnd> links = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
            ClientMachine client = sim.addClient("c" + c);
            links.add(client.open(1 + c % 3, "hi", new Heard()));
        }
        sim.runFor(50);
        for (int i = 0; i < 20; i++) {
            links.get(i % 4).send("m" + i);
        }
        sim.partition(Set.of(1, 2), Set.of(3));
        sim.crash(2);
        sim.runFor(200);
        return sim.timeline().render();
    }

    @Test
    void clients_and_peers_share_one_loop_and_one_seed_replays_both() {
        String first = run(77);

        assertThat(first).contains("LINK", "DELIVER", "c4/");
        assertThat(run(77)).isEqualTo(first);
        assertThat(run(78)).isNotEqualTo(first);
    }
}
