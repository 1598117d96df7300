package dev.minizk.tree;

/**
 * "This event happened at this path": what an applied txn means for watches.
 * The tree computes triggers as plain data; delivering them to watchers is stage 02's job.
 */
public record WatchTrigger(EventType type, String path) {
    @Override
    public String toString() {
        return type + " " + path;
    }
}
