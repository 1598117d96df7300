package dev.minizk.replica;

import dev.minizk.tree.DataTree;
import dev.minizk.txn.SessionTable;
import dev.minizk.zab.ReplicatedState;

/**
 * A replicated state that is stage 01's data tree and session table: what stage 05 walks for a
 * fuzzy snapshot on disk. Both states of this package are one: {@link TreeState} (Zab's own
 * tests) and the pipeline of a server that answers clients, so a durable server can be either.
 */
public interface DataTreeState extends ReplicatedState {

    /** The tree now (a restore replaces it: ask again after one). */
    DataTree tree();

    /** The session table now. */
    SessionTable sessions();
}
