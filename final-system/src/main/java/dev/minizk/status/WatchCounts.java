package dev.minizk.status;

/**
 * The watch table's size, as {@code wchs} reports it.
 *
 * @param total    (path, watcher, kind) registrations
 * @param paths    paths with at least one watch
 * @param watchers connections that hold at least one watch
 */
public record WatchCounts(int total, int paths, int watchers) {
}
