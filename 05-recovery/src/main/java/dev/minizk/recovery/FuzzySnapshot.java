package dev.minizk.recovery;

import dev.minizk.replica.DataTreeState;
import dev.minizk.replica.TreeState;
import dev.minizk.tree.TreeSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the state taken a few nodes at a time while txns keep being applied between
 * the steps (ZooKeeper takes it on another thread, without locking the tree): stage 01's
 * {@link TreeSnapshot.Writer}, then the session table as it was when the walk began. The result
 * is in {@link TreeState}'s format, so {@link TreeState#restore} reads it, and it is correct
 * once every txn after {@link #startZxid} is replayed over it, because txns are idempotent.
 */
final class FuzzySnapshot {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final TreeSnapshot.Writer writer;
    private final Map<Long, Integer> sessions;
    private boolean done;

    FuzzySnapshot(DataTreeState state) {
        this.sessions = new TreeMap<>(state.sessions().asMap()); // as of the start: replay brings later changes
        try {
            this.writer = new TreeSnapshot.Writer(state.tree(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long startZxid() {
        return writer.startZxid();
    }

    /** Writes up to {@code maxNodes} more nodes; true once the snapshot is complete. */
    boolean step(int maxNodes) {
        if (done) {
            return true;
        }
        try {
            if (writer.step(maxNodes)) {
                out.writeInt(sessions.size());
                for (Map.Entry<Long, Integer> session : sessions.entrySet()) {
                    out.writeLong(session.getKey());
                    out.writeInt(session.getValue());
                }
                out.flush();
                done = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return done;
    }

    /** The state's bytes; only once {@link #step} said the snapshot is complete. */
    byte[] body() {
        if (!done) {
            throw new IllegalStateException("the snapshot walk is not complete");
        }
        return bytes.toByteArray();
    }
}
