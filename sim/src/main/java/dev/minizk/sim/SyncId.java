package dev.minizk.sim;

/** A sync that was asked for; {@link Node#onSyncCompleted(SyncId)} names it when it is durable. */
public record SyncId(long value) {
}
