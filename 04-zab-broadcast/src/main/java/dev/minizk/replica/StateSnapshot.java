package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.TreeSnapshot;
import dev.minizk.txn.SessionTable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The course's snapshot of a server's replicated state, as ZooKeeper's SNAP carries it: the
 * tree in stage 01's {@link TreeSnapshot} format, then the sessions (a count, then each id and
 * timeout, in id order: equal states, equal bytes).
 */
final class StateSnapshot {

    /** A snapshot read back: the tree and the session table. */
    record Restored(DataTree tree, SessionTable sessions) {
    }

    private StateSnapshot() {
    }

    static byte[] write(DataTree tree, SessionTable sessionTable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new TreeSnapshot.Writer(tree, out).writeAll();
            Map<Long, Integer> sessions = new TreeMap<>(sessionTable.asMap());
            out.writeInt(sessions.size());
            for (Map.Entry<Long, Integer> session : sessions.entrySet()) {
                out.writeLong(session.getKey());
                out.writeInt(session.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a snapshot announced at {@code zxid}; a corrupt one is an error naming that zxid. */
    static Restored read(byte[] snapshot, long zxid) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            DataTree restored = TreeSnapshot.read(in);
            int count = in.readInt();
            if (count < 0) {
                throw new IOException("a negative session count, " + count);
            }
            Map<Long, Integer> sessions = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                sessions.put(in.readLong(), in.readInt());
            }
            return new Restored(restored, SessionTable.of(sessions));
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt snapshot from the leader (announced at zxid " + zxid + ")", e);
        }
    }
}
