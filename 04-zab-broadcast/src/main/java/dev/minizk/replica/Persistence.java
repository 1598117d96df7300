package dev.minizk.replica;

import dev.minizk.sim.NodeContext;
import dev.minizk.sim.SyncId;
import dev.minizk.sim.TimerTag;
import dev.minizk.txn.LoggedTxn;
import dev.minizk.zab.PeerMessage;
import dev.minizk.zab.ReplicatedState;
import dev.minizk.zab.SyncPlan;
import dev.minizk.zab.TxnLog;

import java.util.List;

/**
 * What a {@link Replica} keeps across crashes. In stage 04 nothing: {@link #inMemory()} starts
 * every incarnation empty. Stage 05's implementation keeps the txn log, snapshots and the two
 * epochs on the server's disk and brings them back at each start.
 */
public interface Persistence {

    /**
     * The start of an incarnation: restores {@code state} from what survived and says what else
     * did. Called once, before the replica does anything else.
     */
    Recovered recover(NodeContext<PeerMessage> context, ReplicatedState state);

    /** Makes {@code acceptedEpoch} durable; the replica calls it before it uses the new value. */
    void saveAcceptedEpoch(long epoch);

    /** Makes {@code currentEpoch} durable; the replica calls it before it uses the new value. */
    void saveCurrentEpoch(long epoch);

    /** A sync this persistence asked for completed. */
    default void onSyncCompleted(SyncId sync) {
    }

    /** How this server, as leader, synchronizes a follower: SNAP always without a durable log. */
    default SyncPlan.Policy syncPolicy() {
        return SyncPlan.SNAP_ALWAYS;
    }

    /** A timer fired; returns whether it was one of this persistence's (set through the context). */
    default boolean onTimer(TimerTag tag) {
        return false;
    }

    /**
     * What an incarnation starts from.
     *
     * @param log         where the history writes from now on
     * @param uncommitted the txns logged above the recovered state, in zxid order (whether they
     *                    were committed is for the next leader to decide)
     * @param committed   the txns the log still holds up to the recovered state, in zxid order,
     *                    ending at it: the history's committed log after the restart, what it
     *                    can DIFF a learner from (ZooKeeper's {@code loadDataBase} fills its
     *                    {@code committedLog} with the txns it replays)
     */
    record Recovered(long acceptedEpoch, long currentEpoch, TxnLog log, List<LoggedTxn> uncommitted, List<LoggedTxn> committed) {
        public Recovered {
            if (acceptedEpoch < currentEpoch) {
                throw new IllegalStateException("accepted epoch " + acceptedEpoch + " below current epoch " + currentEpoch
                        + ": the epochs were not written in order");
            }
            uncommitted = List.copyOf(uncommitted);
            committed = List.copyOf(committed);
        }
    }

    /** Stage 04: nothing survives; every incarnation starts with an empty state and epoch 0. */
    static Persistence inMemory() {
        return new Persistence() {
            @Override
            public Recovered recover(NodeContext<PeerMessage> context, ReplicatedState state) {
                return new Recovered(0, 0, TxnLog.inMemory(), List.of(), List.of());
            }

            @Override
            public void saveAcceptedEpoch(long epoch) {
            }

            @Override
            public void saveCurrentEpoch(long epoch) {
            }
        };
    }
}
