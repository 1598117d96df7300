package dev.minizk.history;

import java.util.Objects;

/**
 * How an op ended for the client. {@code zxid} is the zxid the reply header carried (the
 * server's last processed zxid when it replied; for a write, the write's own zxid).
 */
public sealed interface Outcome {

    static Outcome ok(Result result, long zxid) {
        return new Ok(result, zxid);
    }

    static Outcome failed(ZkError error, long zxid) {
        return new Failed(error, zxid);
    }

    static Outcome unknown() {
        return new Unknown();
    }

    record Ok(Result result, long zxid) implements Outcome {
        public Ok {
            Objects.requireNonNull(result, "result");
            if (zxid < 0) {
                throw new IllegalArgumentException("a reply's zxid is >= 0, got " + zxid);
            }
        }

        @Override
        public String toString() {
            return "ok " + result + " @" + Zxids.format(zxid);
        }
    }

    /** A reply with an error code (for a write: an error txn, which has its own zxid). */
    record Failed(ZkError error, long zxid) implements Outcome {
        public Failed {
            Objects.requireNonNull(error, "error");
            if (zxid < 0) {
                throw new IllegalArgumentException("a reply's zxid is >= 0, got " + zxid);
            }
        }

        @Override
        public String toString() {
            return error + " @" + Zxids.format(zxid);
        }
    }

    /** The client does not know (connection loss, timeout, session expired): it may have happened or not. */
    record Unknown() implements Outcome {
        @Override
        public String toString() {
            return "unknown outcome";
        }
    }
}
