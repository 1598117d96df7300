package dev.minizk.status;

/**
 * One applied txn, as the recent-txns table shows it.
 *
 * @param zxid    its place in the global order, in hex
 * @param session the session that asked for it, in hex
 * @param cxid    the client's request number within that session
 * @param time    the txn's time (ms since the epoch; it becomes ctime/mtime)
 * @param type    ZooKeeper's name for the op: {@code create}, {@code delete}, {@code setData},
 *                {@code createSession}, {@code multi}, {@code error}, ...
 * @param path    the path it touched ({@code null} for session txns)
 * @param detail  a short human note: ephemeral, the new version, the error code, the ops of a multi
 */
public record TxnView(String zxid, String session, int cxid, long time, String type, String path, String detail) {
}
