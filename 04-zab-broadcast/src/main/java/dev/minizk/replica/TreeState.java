package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.TreeSnapshot;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.SessionTable;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;
import dev.minizk.zab.ReplicatedState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The course's state machine under Zab: stage 01's data tree and session table, its txn
 * processor, and a snapshot of both: the tree in {@link TreeSnapshot}'s format, then the
 * sessions (a count, then each id and timeout), as ZooKeeper's SNAP carries the sessions next to
 * the tree. Each applied txn's result goes to a listener: where the request pipeline will fire
 * watches and answer the client who asked.
 */
public final class TreeState implements ReplicatedState {
    private final BiConsumer<LoggedTxn, TxnResult> applied;
    private DataTree tree = new DataTree();
    private TxnProcessor processor = new TxnProcessor(tree);

    public TreeState(BiConsumer<LoggedTxn, TxnResult> applied) {
        this.applied = applied;
    }

    public TreeState() {
        this((txn, result) -> {
        });
    }

    @Override
    public void deliver(LoggedTxn committed) {
        applied.accept(committed, processor.apply(committed));
    }

    @Override
    public long lastDeliveredZxid() {
        return tree.lastProcessedZxid();
    }

    @Override
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            new TreeSnapshot.Writer(tree, out).writeAll();
            Map<Long, Integer> sessions = new TreeMap<>(processor.sessions().asMap()); // sorted: equal states, equal bytes
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

    @Override
    public void restore(byte[] snapshot, long zxid) {
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
            tree = restored;
            processor = new TxnProcessor(tree, SessionTable.of(sessions));
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt snapshot from the leader (announced at zxid " + zxid + ")", e);
        }
    }

    public DataTree tree() {
        return tree;
    }

    public SessionTable sessions() {
        return processor.sessions();
    }
}
