/**
 * A checker for client histories under ZooKeeper's consistency model (zk-reference §2.6, §2.8,
 * §2.10): writes linearizable in zxid order, each session's ops in FIFO order, reads possibly
 * stale but never going back in time within a session, seeing the session's own writes, and
 * after {@code sync} every write that completed before the sync began; watch events in zxid
 * order and before any reply that reflects them. Ops whose outcome the client does not know may
 * have happened or not.
 *
 * <p>A stage adapts its client calls into {@link dev.minizk.history.Op} records (this package
 * knows no stage class), collects them in a {@link dev.minizk.history.History}, and asks {@link
 * dev.minizk.history.HistoryChecker#check} for OK, VIOLATION (with a small witness printed as a
 * timeline) or UNKNOWN (search budget exhausted), never a silent pass.
 */
package dev.minizk.history;
