package dev.minizk.replica;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * 2–5 s of faults under client load: partitions, one-way cuts, heals, crashes of the leader (half
 * the time) or of any server, and restarts. A crash never takes down a quorum of voters.
 *
 * <p>A restarted server comes back <b>empty</b> (state is in memory in this stage), and an empty
 * voter that helps elect a leader can make a committed txn disappear (lesson 04 §7). So a restart
 * waits for a quiet, healed ensemble: heal, let it catch up, stop losing packets, restart, and go
 * on with the storm only once the restarted server has caught up with the leader (it then holds
 * every committed txn again). Stage 05's durable log lifts all of this.
 */
final class FaultStorm {
    private final FuzzWorld world;
    private final ClientLoad load;
    private final Random random;
    private int crashes;
    private int restarts;

    FaultStorm(FuzzWorld world, ClientLoad load, Random random) {
        this.world = world;
        this.load = load;
        this.random = random;
    }

    void run() {
        var e = world.e;
        List<Integer> members = new ArrayList<>(e.verifier.members());
        long end = e.sim.now() + 2_000 + random.nextInt(3_000);
        while (e.sim.now() < end) {
            load.step();
            e.sim.runFor(5 + random.nextInt(40));
            if (random.nextInt(12) != 0) {
                continue;
            }
            switch (random.nextInt(7)) {
                case 0, 1 -> partition(members);
                case 2 -> cut(members);
                case 3 -> {
                    e.sim.heal();
                    world.note("heal");
                }
                case 4, 5 -> crash(members);
                default -> restartOne(members);
            }
        }
    }

    private void partition(List<Integer> members) {
        List<Integer> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, random);
        int cut = 1 + random.nextInt(shuffled.size() - 1);
        Set<Integer> left = new TreeSet<>(shuffled.subList(0, cut));
        Set<Integer> right = new TreeSet<>(shuffled.subList(cut, shuffled.size()));
        world.e.sim.partition(left, right);
        world.note("partition(" + left + " | " + right + ")");
    }

    private void cut(List<Integer> members) {
        int from = members.get(random.nextInt(members.size()));
        int to = members.get(random.nextInt(members.size()));
        if (from != to) {
            world.e.sim.cutOneWay(from, to);
            world.note("cut(" + from + " -> " + to + ")");
        }
    }

    /** The leader half the time; a voter only while fewer than a quorum's worth would then be down. */
    private void crash(List<Integer> members) {
        var e = world.e;
        int victim = e.leader().filter(l -> random.nextBoolean()).orElse(members.get(random.nextInt(members.size())));
        boolean voter = e.verifier.isVoter(victim);
        if (e.sim.isUp(victim) && (!voter || world.votersDown() < world.faultTolerance())) {
            e.sim.crash(victim);
            crashes++;
            world.note("crash(" + victim + ")");
        }
    }

    /**
     * Restarts one crashed server, empty, in a quiet moment: healed, caught up, no loss, until
     * it has caught up too. If the ensemble cannot get quiet within 10 s the restart waits.
     */
    private void restartOne(List<Integer> members) {
        var e = world.e;
        List<Integer> down = members.stream().filter(id -> !e.sim.isUp(id)).toList();
        if (down.isEmpty()) {
            return;
        }
        int id = down.get(random.nextInt(down.size()));
        e.sim.heal();
        e.sim.setNetwork(world.network.withLoss(0));
        world.note("heal, no loss, until caught up");
        if (e.sim.runUntil(e::caughtUp, 10_000)) {
            e.sim.restart(id);
            restarts++;
            world.note("restart(" + id + ") empty; quiet until it caught up");
            e.sim.runFor(1);
            if (!e.sim.runUntil(e::caughtUp, 10_000)) {
                throw new AssertionError("server " + id + " did not catch up within 10 s of its restart\n" + e);
            }
        }
        e.sim.setNetwork(world.network);
        world.note("storm again");
    }

    int crashes() {
        return crashes;
    }

    int restarts() {
        return restarts;
    }
}
