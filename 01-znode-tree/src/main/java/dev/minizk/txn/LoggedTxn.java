package dev.minizk.txn;

/** A txn together with its header: one entry of the txn log. */
public record LoggedTxn(TxnHeader header, Txn txn) {
}
