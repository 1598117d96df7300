package dev.minizk.sim;

/**
 * What a timer is for. Nodes name their timers with their own enums or records that implement
 * this interface ({@code enum ElectionTimer implements TimerTag { RESEND, FINALIZE }}); the tag
 * comes back in {@link Node#onTimer(TimerTag)} and is printed in the timeline.
 */
public interface TimerTag {
}
