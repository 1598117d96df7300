package dev.minizk.sim;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A fault the simulator can inject, at once ({@link Simulator#apply}) or at a time ({@link Simulator#schedule}). */
public sealed interface Fault {

    /** The servers split into groups that cannot talk to each other; it replaces any earlier partition. */
    record Partition(List<Set<Integer>> groups) implements Fault {
        public Partition {
            groups = groups.stream().map(Set::copyOf).toList();
        }

        @Override
        public String toString() {
            return "partition(" + groups.stream()
                    .map(g -> g.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(" | ")) + ")";
        }
    }

    /** Messages from {@code from} to {@code to} are lost; the other direction still works. */
    record OneWayCut(int from, int to) implements Fault {
        @Override
        public String toString() {
            return "cut(" + from + " -> " + to + ")";
        }
    }

    /** Every partition and cut is gone. */
    record Heal() implements Fault {
        @Override
        public String toString() {
            return "heal()";
        }
    }

    /** The server loses power: its node object, timers and unsynced writes are gone. */
    record Crash(int node) implements Fault {
        @Override
        public String toString() {
            return "crash(" + node + ")";
        }
    }

    /** A crashed server comes back: a new node from its factory, over what its disk kept. */
    record Restart(int node) implements Fault {
        @Override
        public String toString() {
            return "restart(" + node + ")";
        }
    }
}
