package dev.minizk.differential;

import dev.minizk.conformance.TestServer;
import dev.minizk.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.fail;

/**
 * The same seeded workload, with the stock ZooKeeper client, against the minizk server and a real
 * ZooKeeper 3.9.5 server; every op's outcome (see {@link WorkloadRunner}) must be the same text.
 * A mismatch reports the seed, the op's index, the op, both outcomes and the command that replays
 * that seed alone ({@code -Ddifferential.dump=true} prints every op and both outcomes). Both servers allow TTL nodes, so every create mode is exercised.
 */
@Timeout(60)
class DifferentialTest {
    static final int OPS = Integer.getInteger("differential.ops", 300);
    private static final long[] SEEDS = {1, 42, 2026};

    private static TestServer minizk;
    private static RealZooKeeper zookeeper;

    static LongStream seeds() {
        Long only = Long.getLong("differential.seed");
        return only != null ? LongStream.of(only) : LongStream.of(SEEDS);
    }

    @BeforeAll
    static void start() {
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        minizk = TestServer.start(ServerConfig.withTick(TestServer.TICK).withTtlEnabled(true));
        zookeeper = RealZooKeeper.start(TestServer.TICK);
    }

    @AfterAll
    static void stop() {
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (minizk != null) {
            minizk.close();
        }
        System.clearProperty("zookeeper.extendedTypesEnabled");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void minizk_answers_like_zookeeper(long seed) throws Exception {
        List<Op> ops = Workload.generate(seed, OPS);
        long t0 = System.nanoTime();
        List<WorkloadRunner.Outcome> ours = run(minizk.connectString(), ops);
        long t1 = System.nanoTime();
        List<WorkloadRunner.Outcome> theirs = run(zookeeper.connectString(), ops);
        long t2 = System.nanoTime();
        System.out.printf("seed %d: minizk %d ms, ZooKeeper %d ms; outcomes %s%n", seed, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, coverage(ours));
        for (int i = 0; i < ops.size(); i++) {
            if (Boolean.getBoolean("differential.dump")) {
                System.out.printf("#%d %s%n  minizk:    %s%n  ZooKeeper: %s%n", i, ops.get(i).describe(), ours.get(i), theirs.get(i));
            }
            if (!ours.get(i).equals(theirs.get(i))) {
                fail(String.format("""
                        differential mismatch: seed %d, op #%d: %s
                          minizk:    %s
                          ZooKeeper: %s
                          previous ops: %s
                          replay: mvn -pl final-system -am verify -Dtest=DifferentialTest -Ddifferential.seed=%d -Dsurefire.failIfNoSpecifiedTests=false""",
                        seed, i, ops.get(i).describe(), ours.get(i), theirs.get(i),
                        ops.subList(Math.max(0, i - 5), i).stream().map(Op::describe).toList(), seed));
            }
        }
    }

    /** How often each kind of outcome occurred ("created", "error NONODE", "multi failed", ...): the coverage of a seed. */
    static java.util.SortedMap<String, Integer> coverage(List<WorkloadRunner.Outcome> outcomes) {
        java.util.SortedMap<String, Integer> counts = new java.util.TreeMap<>();
        int events = 0;
        for (WorkloadRunner.Outcome o : outcomes) {
            String[] words = o.result().split(" ");
            String kind = words[0].equals("error") || words[0].equals("multi") ? words[0] + " " + words[1] : words[0];
            if (words[0].equals("multi") && words[1].equals("failed")) {
                kind += " " + words[2];
            }
            counts.merge(kind, 1, Integer::sum);
            events += o.eventsA().size() + o.eventsB().size();
        }
        counts.put("(watch events)", events);
        return counts;
    }

    /** Each seed gets its own /d: the runner deletes what the previous seed left. */
    private static List<WorkloadRunner.Outcome> run(String connectString, List<Op> ops) throws Exception {
        List<WorkloadRunner.Outcome> outcomes = new ArrayList<>(ops.size());
        try (WorkloadRunner runner = WorkloadRunner.fresh(connectString)) {
            for (Op op : ops) {
                outcomes.add(runner.run(op));
            }
        }
        return outcomes;
    }
}
