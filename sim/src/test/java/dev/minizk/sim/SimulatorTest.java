package dev.minizk.sim;

import dev.minizk.sim.junit.TimelineOnFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator's own promises (course infrastructure; ungraded). */
class SimulatorTest {
    @RegisterExtension
    final TimelineOnFailure trace = new TimelineOnFailure();

    enum Tick implements TimerTag { TICK }

    /** Sends "ping k" to every other node each 10 ms of its clock, ten times; answers pings with pongs. */
    static final class Pinger implements Node<String> {
        final List<String> log = new ArrayList<>();
        final int[] peers;
        NodeContext<String> ctx;
        int sent;

        Pinger(int... peers) {
            this.peers = peers;
        }

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            ctx.setTimer(10, Tick.TICK);
        }

        @Override
        public void onMessage(int from, String message) {
            log.add(ctx.now() + " " + from + " " + message);
            if (message.startsWith("ping")) {
                ctx.send(from, "pong" + message.substring(4));
            }
        }

        @Override
        public void onTimer(TimerTag tag) {
            if (sent++ < 10) {
                for (int peer : peers) {
                    if (peer != ctx.id()) {
                        ctx.send(peer, "ping " + sent + " from " + ctx.id());
                    }
                }
                ctx.setTimer(10, Tick.TICK);
            }
        }
    }

    private static int sender(String logLine) {
        return Integer.parseInt(logLine.split(" ")[1]);
    }

    private static Simulator<String> world(long seed, SimConfig config) {
        Simulator<String> sim = new Simulator<>(seed, config);
        for (int id = 1; id <= 3; id++) {
            sim.addNode(id, n -> new Pinger(1, 2, 3));
        }
        return sim;
    }

    private static SimConfig faulty() {
        return SimConfig.reliable().withNetwork(new NetworkFaults(1, 30, 0.1, 0.1, false))
                .withClockSkew(500, 0.02).withTimelineCapacity(100_000);
    }

    private static String run(long seed) {
        Simulator<String> sim = world(seed, faulty());
        sim.runFor(50);
        sim.partition(Set.of(1, 2), Set.of(3));
        sim.runFor(30);
        sim.crash(2);
        sim.runFor(20);
        sim.restart(2);
        sim.heal();
        sim.runFor(200);
        return sim.timeline().render();
    }

    @Test
    void the_same_seed_gives_the_same_timeline_event_for_event() {
        String first = run(42);
        String second = run(42);

        assertThat(first.lines().count()).isGreaterThan(100);
        assertThat(second).isEqualTo(first);
        assertThat(run(43)).isNotEqualTo(first);
    }

    @Test
    void a_partition_stops_messages_between_groups_both_ways_and_heal_restores_them() {
        Simulator<String> sim = trace.watch(world(1, SimConfig.reliable()));
        sim.partition(Set.of(1, 2), Set.of(3));
        sim.runFor(200);
        Pinger three = (Pinger) sim.node(3).orElseThrow();
        Pinger one = (Pinger) sim.node(1).orElseThrow();

        assertThat(three.log).isEmpty();
        assertThat(one.log).anyMatch(line -> sender(line) == 2);
        assertThat(one.log).noneMatch(line -> sender(line) == 3);
        assertThatThrownBy(() -> sim.partition(Set.of(1), Set.of(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3]");
    }

    @Test
    void a_one_way_cut_loses_one_direction_only() {
        Simulator<String> sim = trace.watch(world(1, SimConfig.reliable()));
        sim.cutOneWay(1, 3);
        sim.runFor(200);
        Pinger three = (Pinger) sim.node(3).orElseThrow();
        Pinger one = (Pinger) sim.node(1).orElseThrow();

        assertThat(three.log).noneMatch(line -> sender(line) == 1);
        assertThat(one.log).anyMatch(line -> sender(line) == 3 && line.contains("ping"));
    }

    @Test
    void a_crash_loses_the_node_its_timers_and_messages_to_it_and_a_restart_starts_a_new_one() {
        Simulator<String> sim = trace.watch(world(1, SimConfig.reliable()));
        sim.runFor(25);
        Pinger before = (Pinger) sim.node(2).orElseThrow();
        sim.crash(2);
        sim.runFor(100);

        assertThat(sim.node(2)).isEmpty();
        assertThat(sim.timeline().events()).anyMatch(e -> e.kind() == Timeline.Kind.DROP && e.node() == 2);
        int heard = before.log.size();
        sim.restart(2);
        sim.runFor(200);

        Pinger after = (Pinger) sim.node(2).orElseThrow();
        assertThat(after).isNotSameAs(before);
        assertThat(before.log).hasSize(heard);
        assertThat(after.sent).as("its new timers run").isGreaterThan(0);
        assertThat(sim.incarnation(2)).isEqualTo(2);
    }

    @Test
    void fifo_links_keep_order_and_without_fifo_random_delays_reorder() {
        for (boolean fifo : new boolean[] {true, false}) {
            NetworkFaults net = new NetworkFaults(1, 40, 0, 0, fifo);
            Simulator<String> sim = new Simulator<>(7, SimConfig.reliable().withNetwork(net));
            RecordingNode<String> sink = new RecordingNode<>();
            sim.addNode(1, n -> new Pinger(1, 2));
            sim.addNode(2, n -> sink);
            sim.runFor(500);
            List<Integer> order = sink.messages().stream().map(m -> Integer.parseInt(m.split(" ")[1])).toList();

            assertThat(order).hasSize(10);
            if (fifo) {
                assertThat(order).isSorted();
            } else {
                assertThat(order).isNotEqualTo(order.stream().sorted().toList());
            }
        }
    }

    @Test
    void loss_and_duplication_happen_at_about_their_rates() {
        Simulator<String> sim = new Simulator<>(3, SimConfig.reliable().withNetwork(new NetworkFaults(1, 5, 0.3, 0.2, false)));
        RecordingNode<String> sink = new RecordingNode<>();
        sim.addNode(2, n -> sink);
        for (int id = 10; id < 110; id++) {
            sim.addNode(id, n -> new Pinger(2));
        }
        sim.runFor(1_000);
        // 1,000 pings: ~70% survive, ~20% of those twice: about 840
        assertThat(sink.received()).hasSizeBetween(760, 920);
    }

    @Test
    void node_clocks_are_skewed_but_timers_run_on_the_nodes_own_clock() {
        Simulator<String> sim = new Simulator<>(5, SimConfig.reliable().withClockSkew(1_000, 0.05));
        sim.addNode(1, n -> new Pinger());
        sim.addNode(2, n -> new Pinger());
        sim.runFor(10_000);

        assertThat(sim.localTime(1)).isNotEqualTo(sim.localTime(2));
        assertThat(Math.abs(sim.localTime(1) - 10_000)).isLessThanOrEqualTo(1_000 + 500 + 1);
    }

    @Test
    void run_until_says_whether_the_condition_held_and_stops_there() {
        Simulator<String> sim = world(1, SimConfig.reliable());

        assertThat(sim.runUntil(() -> sim.now() >= 35, 1_000)).isTrue();
        assertThat(sim.now()).isBetween(35L, 40L);
        assertThat(sim.runUntil(() -> false, 1_000)).isFalse();
        assertThat(sim.now()).isGreaterThanOrEqualTo(1_035L);
    }

    /** Appends a record on every tick and syncs every other one. */
    static final class Writer implements Node<String> {
        NodeContext<String> ctx;
        final List<SyncId> completed = new ArrayList<>();
        int ticks;

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            ctx.setTimer(10, Tick.TICK);
        }

        @Override
        public void onMessage(int from, String message) {
        }

        @Override
        public void onTimer(TimerTag tag) {
            ticks++;
            ctx.storage().append("log", ("record " + ticks + ";").getBytes(StandardCharsets.UTF_8));
            if (ticks % 2 == 0) {
                ctx.storage().sync("log");
            }
            ctx.setTimer(10, Tick.TICK);
        }

        @Override
        public void onSyncCompleted(SyncId sync) {
            completed.add(sync);
        }
    }

    @Test
    void the_disk_keeps_synced_appends_and_atomic_writes_across_a_crash_and_loses_the_rest() {
        Simulator<String> sim = trace.watch(new Simulator<>(9, SimConfig.reliable().withDisk(5, 5, 0)));
        sim.addNode(1, n -> new Writer());
        sim.runFor(42); // appends at 10, 20 (sync at 20 lands at 25), 30, 40 (sync at 40 lands at 45)
        Writer writer = (Writer) sim.node(1).orElseThrow();
        assertThat(writer.completed).hasSize(1);
        sim.node(1).orElseThrow();
        String seen = new String(sim.disk(1).read("log").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(seen).isEqualTo("record 1;record 2;record 3;record 4;");

        sim.crash(1);

        String kept = new String(sim.disk(1).read("log").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(kept).isEqualTo("record 1;record 2;");
        sim.restart(1);
        sim.runFor(1);
        assertThat(sim.disk(1).files()).containsExactly("log");
    }

    /** Appends and syncs on every tick; keeps the order in which the syncs completed. */
    static final class Syncer implements Node<String> {
        NodeContext<String> ctx;
        final List<SyncId> requested = new ArrayList<>();
        final List<SyncId> completed = new ArrayList<>();

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            ctx.setTimer(2, Tick.TICK);
        }

        @Override
        public void onMessage(int from, String message) {
        }

        @Override
        public void onTimer(TimerTag tag) {
            ctx.storage().append("log", "x".getBytes(StandardCharsets.UTF_8));
            requested.add(ctx.storage().sync("log"));
            ctx.setTimer(2, Tick.TICK);
        }

        @Override
        public void onSyncCompleted(SyncId sync) {
            completed.add(sync);
        }
    }

    @Test
    void syncs_of_one_file_complete_in_the_order_they_were_asked_for() {
        for (long seed = 1; seed <= 20; seed++) {
            Simulator<String> sim = trace.watch(new Simulator<>(seed, SimConfig.reliable().withDisk(1, 50, 0)));
            sim.addNode(1, n -> new Syncer());
            sim.runFor(500);
            Syncer syncer = (Syncer) sim.node(1).orElseThrow();

            assertThat(syncer.completed).as("seed %d", seed).hasSizeGreaterThan(100)
                    .isEqualTo(syncer.requested.subList(0, syncer.completed.size()));
        }
    }

    @Test
    void a_stale_context_cannot_touch_the_disk_of_the_restarted_node() {
        Simulator<String> sim = trace.watch(new Simulator<>(9, SimConfig.reliable().withDisk(5, 5, 0)));
        sim.addNode(1, n -> new Writer());
        sim.runFor(30);
        Writer before = (Writer) sim.node(1).orElseThrow();
        sim.crash(1);
        sim.restart(1);
        sim.runFor(1);
        String kept = new String(sim.disk(1).read("log").orElseThrow(), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> before.ctx.storage().append("log", "ghost;".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stale context");
        assertThatThrownBy(() -> before.ctx.storage().writeAtomically("epoch", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new String(sim.disk(1).read("log").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(kept);
        assertThat(sim.disk(1).files()).containsExactly("log");
    }

    /** Re-arms a zero-delay timer forever: time never passes. */
    static final class Spinner implements Node<String> {
        NodeContext<String> ctx;

        @Override
        public void start(NodeContext<String> context) {
            ctx = context;
            ctx.setTimer(0, Tick.TICK);
        }

        @Override
        public void onMessage(int from, String message) {
        }

        @Override
        public void onTimer(TimerTag tag) {
            ctx.setTimer(0, Tick.TICK);
        }
    }

    @Test
    void a_loop_that_never_lets_time_pass_is_stopped_with_the_timeline() {
        Simulator<String> sim = new Simulator<>(1, SimConfig.reliable().withTimelineCapacity(50));
        sim.addNode(1, n -> new Spinner());

        assertThatThrownBy(() -> sim.runFor(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never lets time pass").hasMessageContaining("TIMER");
    }

    @Test
    void the_timeline_is_in_time_order() {
        Simulator<String> sim = world(11, faulty());
        sim.runFor(300);
        List<Timeline.Event> events = sim.timeline().events();

        assertThat(events).hasSizeGreaterThan(100);
        assertThat(events.stream().map(Timeline.Event::time).toList()).isSorted();
    }

    @Test
    void a_crash_may_tear_the_unsynced_tail() {
        SimDisk disk = new SimDisk(new java.util.Random(1), 1.0);
        disk.writeAtomically("currentEpoch", "7".getBytes(StandardCharsets.UTF_8));
        disk.append("log", "synced;".getBytes(StandardCharsets.UTF_8));
        disk.markDurable("log", disk.syncPoint("log"));
        disk.append("log", "unsynced-record;".getBytes(StandardCharsets.UTF_8));

        String lost = disk.crash();

        String kept = new String(disk.read("log").orElseThrow(), StandardCharsets.UTF_8);
        assertThat(kept).startsWith("synced;").isNotEqualTo("synced;unsynced-record;");
        assertThat("synced;unsynced-record;").startsWith(kept);
        assertThat(lost).contains("log: lost");
        assertThat(disk.read("currentEpoch").orElseThrow()).containsExactly('7');
    }
}
