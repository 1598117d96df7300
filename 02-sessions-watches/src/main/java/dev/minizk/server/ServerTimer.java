package dev.minizk.server;

import dev.minizk.sim.TimerTag;

/** The timers a standalone server sets. */
public enum ServerTimer implements TimerTag {
    /** Expire the sessions whose bucket is due; ZooKeeper checks once per tick. */
    SESSION_EXPIRY,
    /** Delete empty containers and expired TTL nodes; ZooKeeper checks every minute. */
    CONTAINER_REAPER
}
