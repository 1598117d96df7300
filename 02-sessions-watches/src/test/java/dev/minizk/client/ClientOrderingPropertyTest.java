package dev.minizk.client;

import dev.minizk.inprocess.InProcessNetwork;
import dev.minizk.server.ServerConfig;
import dev.minizk.tree.Acl;
import dev.minizk.tree.CreateMode;
import dev.minizk.tree.EventType;
import dev.minizk.tree.KeeperException;
import dev.minizk.tree.Stat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several clients issue random async reads (some with watches) and writes against one server,
 * with 1 ms of latency and the odd dropped connection. What each client's application observes,
 * in the order its callbacks ran, must keep ZooKeeper's promises:
 * <ul>
 *   <li>a session's calls complete in the order they were issued (xid order);</li>
 *   <li>a client never sees a reply that reflects a write to a node it watches before the watch
 *       event for that write (its data watch armed at mzxid M fires before any reply showing an
 *       mzxid above M, its own setData replies included);</li>
 *   <li>lastZxidSeen never goes down.</li>
 * </ul>
 * Ungraded. A fixed seed, so every build checks the same runs; jqwik prints a failing sample.
 */
class ClientOrderingPropertyTest {
    private static final List<String> NODES = List.of("/n0", "/n1", "/n2");
    private static final int CLIENTS = 3;

    /** kind 0 getData, 1 exists, 2 setData, 3 let 1 ms pass, 4 drop the client's connection. */
    record Step(int client, int kind, int node, boolean watch) {
    }

    /** One thing a client's application saw, in callback order. */
    record Seen(long issued, String op, String path, Stat stat, boolean watch, String failure) {
        static Seen event(String path) {
            return new Seen(-1, "event", path, null, false, null);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> kind = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(0)), net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(6, Arbitraries.just(2)), net.jqwik.api.Tuple.of(4, Arbitraries.just(3)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(4)));
        return Combinators.combine(Arbitraries.integers().between(0, CLIENTS - 1), kind,
                Arbitraries.integers().between(0, NODES.size() - 1), Arbitraries.of(true, false))
                .as(Step::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 150, seed = "20261126")
    void replies_in_order_watch_events_before_the_state_they_precede_and_lastZxidSeen_only_grows(
            @ForAll("steps") List<Step> steps) {
        InProcessNetwork network = new InProcessNetwork(ServerConfig.defaults(), 1);
        List<ZkClient> clients = new ArrayList<>();
        List<List<Seen>> seen = new ArrayList<>();
        long[] highestZxid = new long[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            List<Seen> log = new ArrayList<>();
            seen.add(log);
            clients.add(network.connect(30_000, event -> {
                if (event.type() == EventType.NODE_DATA_CHANGED) {
                    log.add(Seen.event(event.path()));
                }
            }));
        }
        for (String node : NODES) {
            clients.get(0).create(node, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }

        long issued = 0;
        for (Step step : steps) {
            ZkClient client = clients.get(step.client());
            List<Seen> log = seen.get(step.client());
            String path = NODES.get(step.node());
            long order = issued++;
            switch (step.kind()) {
                case 0 -> record(log, order, "getData", path, step.watch(),
                        client.getDataAsync(path, step.watch()).thenApply(NodeData::stat));
                case 1 -> record(log, order, "exists", path, step.watch(), client.existsAsync(path, step.watch()));
                case 2 -> record(log, order, "setData", path, false, client.setDataAsync(path, new byte[] {1}, -1));
                case 3 -> network.advance(1);
                default -> network.disconnect(client);
            }
            checkMonotonic(clients, highestZxid);
        }
        network.runUntilIdle();
        checkMonotonic(clients, highestZxid);

        for (int i = 0; i < CLIENTS; i++) {
            checkClient(seen.get(i), "client " + i + "; timeline:\n" + network.timelineText());
        }
    }

    private static void record(List<Seen> log, long order, String op, String path, boolean watch,
                               CompletableFuture<Stat> call) {
        call.whenComplete((stat, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String code = cause == null ? null : cause instanceof KeeperException e ? e.code().name() : cause.toString();
            log.add(new Seen(order, op, path, stat, watch, code));
        });
    }

    private static void checkMonotonic(List<ZkClient> clients, long[] highest) {
        for (int i = 0; i < clients.size(); i++) {
            long zxid = clients.get(i).lastZxidSeen();
            assertThat(zxid).as("lastZxidSeen of client %d", i).isGreaterThanOrEqualTo(highest[i]);
            highest[i] = zxid;
        }
    }

    private static void checkClient(List<Seen> log, String who) {
        long lastIssued = -1;
        Map<String, Long> armedAt = new HashMap<>(); // path -> mzxid the data watch was set against
        for (Seen s : log) {
            if (s.op().equals("event")) {
                armedAt.remove(s.path());
                continue;
            }
            assertThat(s.issued()).as("calls complete in the order issued, " + who).isGreaterThan(lastIssued);
            lastIssued = s.issued();
            if (s.failure() != null) {
                assertThat(s.failure()).as(who).isEqualTo("CONNECTIONLOSS");
                continue;
            }
            Long armed = armedAt.get(s.path());
            if (armed != null) {
                assertThat(s.stat().mzxid()).as("%s %s saw mzxid %d while its watch armed at %d had not fired, %s",
                        s.op(), s.path(), s.stat().mzxid(), armed, who).isLessThanOrEqualTo(armed);
            }
            if (s.watch()) {
                armedAt.putIfAbsent(s.path(), s.stat().mzxid());
            }
        }
    }
}
