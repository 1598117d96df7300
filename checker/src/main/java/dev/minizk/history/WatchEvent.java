package dev.minizk.history;

import java.util.Objects;

/** A watch notification a session received (the wire carries no zxid; the checker works it out). */
public record WatchEvent(long session, EventType type, String path, long receivedAt) {
    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
    }
}
