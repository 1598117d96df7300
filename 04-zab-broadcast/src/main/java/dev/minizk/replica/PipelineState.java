package dev.minizk.replica;

import dev.minizk.server.RequestPipeline;
import dev.minizk.tree.DataTree;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.txn.SessionTable;

import java.util.function.LongConsumer;

/**
 * Zab's state machine on a server that answers clients: a committed txn goes down stage 02's
 * commit path ({@link RequestPipeline#committed}: apply, fire watches, answer the client that
 * asked, if it asked here), a snapshot is the pipeline's tree and session table, and a restore
 * replaces both (only while the server serves no client: {@link RequestPipeline#restore}).
 */
final class PipelineState implements DataTreeState {
    private final RequestPipeline pipeline;
    /** Told each zxid once applied: the leader's prep forgets what it kept of that txn. */
    private final LongConsumer applied;

    PipelineState(RequestPipeline pipeline, LongConsumer applied) {
        this.pipeline = pipeline;
        this.applied = applied;
    }

    @Override
    public void deliver(LoggedTxn committed) {
        pipeline.committed(committed);
        applied.accept(committed.header().zxid());
    }

    @Override
    public long lastDeliveredZxid() {
        return pipeline.lastZxid();
    }

    @Override
    public byte[] snapshot() {
        return StateSnapshot.write(pipeline.tree(), pipeline.sessionTable());
    }

    @Override
    public void restore(byte[] snapshot, long zxid) {
        StateSnapshot.Restored restored = StateSnapshot.read(snapshot, zxid);
        pipeline.restore(restored.tree(), restored.sessions());
    }

    @Override
    public DataTree tree() {
        return pipeline.tree();
    }

    @Override
    public SessionTable sessions() {
        return pipeline.sessionTable();
    }
}
