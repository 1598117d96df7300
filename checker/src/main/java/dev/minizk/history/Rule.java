package dev.minizk.history;

/** The rules of ZooKeeper's consistency model the checker enforces, each with its sentence. */
public enum Rule {
    UNIQUE_ZXIDS("each write (successful or an error txn) has its own zxid"),
    REAL_TIME("a write that starts after an op finished gets a higher zxid than that op's reply carried"),
    SESSION_ORDER("a session's replies never go back in time: a read sees at least what the session saw"
            + " before, its own writes included, and its writes take effect in the order it issued them"),
    SYNC("a read after sync sees every write that completed before the sync began"),
    WRITE_RESULT("writes are linearizable: each write's reply is what it gives at its place in zxid order"),
    READ_RESULT("a read returns the tree as it was at the zxid its reply carries"),
    WATCH_ORDER("watch events arrive in zxid order, before any reply that reflects their change"),
    MISSED_WATCH("a watch fires before any reply of its session that reflects the change that triggers it");

    private final String sentence;

    Rule(String sentence) {
        this.sentence = sentence;
    }

    public String sentence() {
        return sentence;
    }

    /** {@code READ_RESULT} → {@code read result}. */
    public String title() {
        return name().toLowerCase().replace('_', ' ');
    }
}
