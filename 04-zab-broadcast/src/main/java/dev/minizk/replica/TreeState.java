package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.tree.TreeSnapshot;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;
import dev.minizk.zab.ReplicatedState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiConsumer;

/**
 * The course's state machine under Zab: stage 01's data tree, its txn processor and its
 * snapshot format. Each applied txn's result goes to a listener: where the request pipeline
 * will fire watches and answer the client who asked.
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
        return TreeSnapshot.serialize(tree);
    }

    @Override
    public void restore(byte[] snapshot, long zxid) {
        try {
            tree = TreeSnapshot.deserialize(snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt snapshot from the leader (announced at zxid " + zxid + ")", e);
        }
        processor = new TxnProcessor(tree);
    }

    public DataTree tree() {
        return tree;
    }
}
