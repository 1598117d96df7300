package dev.minizk.election;

import dev.minizk.sim.TimerTag;

/** The timers of fast leader election. */
public enum ElectionTimer implements TimerTag {
    /** Nothing heard for a while: send the current vote to every voter again. */
    RESEND,
    /** A quorum agreed with our proposal a finalize wait ago and nothing better came: decide. */
    FINALIZE
}
