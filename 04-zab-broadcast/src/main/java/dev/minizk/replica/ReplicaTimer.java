package dev.minizk.replica;

import dev.minizk.sim.TimerTag;

/** The replica's own timer (the election keeps its own). */
enum ReplicaTimer implements TimerTag {
    /** Every {@code tickMillis}: the role counts silences and sends pings. */
    TICK
}
