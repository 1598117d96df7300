package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.SessionTable;
import dev.minizk.txn.TxnProcessor;
import dev.minizk.txn.TxnResult;

import java.util.function.BiConsumer;

/**
 * The course's state machine under Zab, bare: stage 01's data tree and session table, its txn
 * processor, and a snapshot of both ({@link StateSnapshot}), as ZooKeeper's SNAP carries the
 * sessions next to the tree. Each applied txn's result goes to a listener. Zab's own tests run
 * on it; a server that answers clients runs on {@link PipelineState}, where the request
 * pipeline fires watches and answers the client who asked.
 */
public final class TreeState implements DataTreeState {
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
        return StateSnapshot.write(tree, processor.sessions());
    }

    @Override
    public void restore(byte[] snapshot, long zxid) {
        StateSnapshot.Restored restored = StateSnapshot.read(snapshot, zxid);
        tree = restored.tree();
        processor = new TxnProcessor(tree, restored.sessions());
    }

    @Override
    public DataTree tree() {
        return tree;
    }

    @Override
    public SessionTable sessions() {
        return processor.sessions();
    }
}
