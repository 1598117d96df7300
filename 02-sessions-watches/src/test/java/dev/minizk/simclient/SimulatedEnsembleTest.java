package dev.minizk.simclient;

import dev.minizk.client.ClientState;
import dev.minizk.client.ZkClient;
import dev.minizk.server.ServerConfig;
import dev.minizk.server.StandaloneServer;
import dev.minizk.sim.LinkAcceptor;
import dev.minizk.sim.LinkEnd;
import dev.minizk.sim.NetworkFaults;
import dev.minizk.sim.Node;
import dev.minizk.sim.NodeContext;
import dev.minizk.sim.SimConfig;
import dev.minizk.sim.Simulator;
import dev.minizk.sim.TimerTag;
import dev.minizk.sim.junit.TimelineOnFailure;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several standalone servers, their peer messages and the course's clients (connect strings
 * over all servers) on the simulator's one loop: one seed replays all of it. Ungraded.
 */
class SimulatedEnsembleTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    private static final int SERVERS = 3;

    enum Gossip implements TimerTag { HEARTBEAT }

    /** A standalone server that also sends its peers a heartbeat every 500 ms (what stage 04's peers will exchange). */
    static final class GossipingServer implements Node<String>, LinkAcceptor {
        final ServerNode<String> server;
        final List<String> heard = new ArrayList<>();
        NodeContext<String> ctx;
        int beats;

        GossipingServer(ServerNode<String> server) {
            this.server = server;
        }

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            server.start(context);
            context.setTimer(500, Gossip.HEARTBEAT);
        }

        @Override
        public void onMessage(int from, String message) {
            heard.add(from + ": " + message);
        }

        @Override
        public void onTimer(TimerTag tag) {
            if (tag != Gossip.HEARTBEAT) {
                server.onTimer(tag);
                return;
            }
            beats++;
            for (int peer = 1; peer <= SERVERS; peer++) {
                if (peer != ctx.id()) {
                    ctx.send(peer, "beat " + beats + ", " + server.server().sessions().size() + " sessions");
                }
            }
            ctx.setTimer(500, Gossip.HEARTBEAT);
        }

        @Override
        public void onLinkOpened(LinkEnd link, Object hello) {
            server.onLinkOpened(link, hello);
        }

        @Override
        public void onLinkMessage(LinkEnd link, Object message) {
            server.onLinkMessage(link, message);
        }

        @Override
        public void onLinkClosed(LinkEnd link) {
            server.onLinkClosed(link);
        }
    }

    record Run(String timeline, List<ClientState> states, List<String> heard) {
    }

    private Run run(long seed) {
        Simulator<String> sim = trace.watch(new Simulator<>(seed, SimConfig.reliable()
                .withNetwork(NetworkFaults.reliable().withDelay(1, 20).withLoss(0.05))
                .withLinkDelay(1, 10).withClockSkew(200, 0.01).withTimelineCapacity(200_000)));
        sim.describeLinkMessagesWith(Describe::linkMessage);
        for (int id = 1; id <= SERVERS; id++) {
            sim.addNode(id, n -> new GossipingServer(new ServerNode<>(new StandaloneServer(ServerConfig.defaults()), "10.0.0.1")));
        }
        List<ZkClient> clients = new ArrayList<>();
        for (int c = 1; c <= 4; c++) {
            List<Integer> connectString = new ArrayList<>();
            for (int i = 0; i < SERVERS; i++) {
                connectString.add(1 + (c + i) % SERVERS); // each client starts at a different server
            }
            clients.add(ZkClient.connect(new SimulatedClient(sim, sim.addClient("c" + c), connectString), 6_000, null));
        }
        for (int round = 0; round < 5; round++) {
            for (int c = 0; c < clients.size(); c++) {
                String path = "/c" + (c + 1) + "-" + round;
                clients.get(c).create(path, ("round " + round).getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            }
        }
        sim.crash(2); // its clients notice by read timeout and move on to the next server of their connect string
        sim.runFor(20_000);
        sim.restart(2);
        sim.runFor(5_000);
        List<ClientState> states = clients.stream().map(ZkClient::state).toList();
        List<String> heard = new ArrayList<>();
        for (int id = 1; id <= SERVERS; id++) {
            heard.addAll(((GossipingServer) sim.node(id).orElseThrow()).heard);
        }
        return new Run(sim.timeline().render(), states, heard);
    }

    @Test
    void servers_peers_and_clients_on_one_loop_replay_identically_from_one_seed() {
        Run first = run(11);
        Run second = run(11);

        assertThat(second.timeline()).isEqualTo(first.timeline());
        assertThat(second.states()).isEqualTo(first.states());
        assertThat(first.heard()).as("peer messages flow").hasSizeGreaterThan(50);
        assertThat(first.timeline()).contains("c1/", "c4/", "#", "DELIVER", "CRASH");
        assertThat(run(12).timeline()).isNotEqualTo(first.timeline());
    }

    @Test
    void a_client_of_a_crashed_server_notices_by_read_timeout_and_tries_every_server_in_turn() {
        Run run = run(11);

        // Clients 1 and 4 start at server 2 (connect string 2, 3, 1). After the crash they notice
        // by read timeout and try 3, then 1, then 2 again, each refusing: standalone servers share
        // no state, and a server refuses a client that has seen a later zxid than it has (as
        // ZooKeeper does). So they keep CONNECTING; replicated state is stage 04's job.
        assertThat(run.timeline()).containsPattern("c1/\\d+ → n3  connect \\(resume").containsPattern("c1/\\d+ → n1  connect \\(resume");
        assertThat(run.states()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED, ClientState.CONNECTED, ClientState.CONNECTING);
    }
}
