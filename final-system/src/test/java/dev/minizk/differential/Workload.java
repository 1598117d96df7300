package dev.minizk.differential;

import org.apache.zookeeper.CreateMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded random workload over a small namespace under {@code /d}, small so that ops collide:
 * creates of every mode (sequential ones under {@code /d/q}, a trailing-slash parent included),
 * versioned setData and deletes, watched reads, multis that succeed or fail, and session B
 * closing (its ephemerals vanish). The same seed always gives the same ops.
 */
final class Workload {
    /** Parents come up more often than children, so that children can be made; one parent never exists. */
    private static final String[] PATHS = {"/d/a", "/d/a", "/d/b", "/d/b", "/d/c", "/d/a/x", "/d/a/y", "/d/b/x", "/d/q",
            "/d/missing/x"};
    private static final CreateMode[] MODES = {CreateMode.PERSISTENT, CreateMode.PERSISTENT, CreateMode.EPHEMERAL,
            CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER,
            CreateMode.PERSISTENT_WITH_TTL};

    private Workload() {
    }

    static List<Op> generate(long seed, int count) {
        Random random = new Random(seed);
        List<Op> ops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ops.add(next(random, i));
        }
        return ops;
    }

    private static Op next(Random random, int index) {
        int s = random.nextInt(2);
        int dice = random.nextInt(100);
        if (dice < 25) {
            return create(random, s);
        } else if (dice < 32) {
            return new Op.SetData(s, path(random), "v" + index, random.nextInt(4) - 1);
        } else if (dice < 40) {
            return new Op.Delete(s, path(random), random.nextInt(3) - 1);
        } else if (dice < 45) {
            return new Op.DeleteFirstChild(s, "/d/q");
        } else if (dice < 57) {
            return new Op.GetData(s, readPath(random), watch(random));
        } else if (dice < 69) {
            return new Op.GetChildren(s, readPath(random), watch(random));
        } else if (dice < 81) {
            return new Op.Exists(s, readPath(random), watch(random));
        } else if (dice < 99) {
            List<Op> ops = new ArrayList<>();
            int n = 1 + random.nextInt(random.nextBoolean() ? 2 : 4);
            for (int k = 0; k < n; k++) {
                ops.add(switch (random.nextInt(4)) {
                    case 0 -> create(random, s);
                    case 1 -> new Op.SetData(s, path(random), "m" + index, random.nextInt(3) - 1);
                    case 2 -> new Op.Delete(s, path(random), -1);
                    default -> new Op.Check(s, path(random), random.nextInt(3) - 1);
                });
            }
            return new Op.Multi(s, ops);
        } else {
            return new Op.ReopenB(1);
        }
    }

    /** Mostly watched: the point is to compare which events fire. */
    private static boolean watch(Random random) {
        return random.nextInt(4) != 0;
    }

    private static Op create(Random random, int s) {
        CreateMode mode = MODES[random.nextInt(MODES.length)];
        if (mode.isSequential()) {
            // sequential nodes under /d/q; "/d/q/" asks for a name that is the number alone
            return new Op.Create(s, random.nextInt(4) == 0 ? "/d/q/" : "/d/q/n-", "s", mode);
        }
        String path = path(random);
        return new Op.Create(s, path, "c", mode);
    }

    private static String path(Random random) {
        return PATHS[random.nextInt(PATHS.length)];
    }

    private static String readPath(Random random) {
        return random.nextInt(8) == 0 ? "/d" : path(random);
    }
}
