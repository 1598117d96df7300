package dev.minizk.txn;

/**
 * What every txn carries besides its body: who asked ({@code sessionId}, {@code cxid}),
 * its place in the global order ({@code zxid}, see {@link Zxid}) and the leader's clock when
 * it was made ({@code time}, which becomes ctime/mtime).
 */
public record TxnHeader(long sessionId, int cxid, long zxid, long time) {
}
