package dev.minizk.recovery;

import dev.minizk.sim.TimerTag;

/** The durable server's own timer. */
enum SnapshotTimer implements TimerTag {
    /** Write the next few nodes of the fuzzy snapshot in progress. */
    STEP
}
