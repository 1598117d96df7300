package dev.minizk.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that need only the zxids replies carry, each one pass over the history: every write
 * has its own zxid; a write that starts after an op finished has a higher zxid than that op saw;
 * a session's replies never go back in time; a read after {@code sync} is at least as new as
 * every write that completed before the sync began. They catch most bugs cheaply and with a
 * precise message; what they cannot see (a reply that lies about its zxid) the replay catches.
 */
final class ZxidChecks {
    private final History history;
    private final List<Op> ops;
    /** Ops with a reply, by completion time, and the running maximum of their zxids. */
    private final Prefix allReplies;
    /** The same over writes only. */
    private final Prefix writeReplies;

    ZxidChecks(History history) {
        this.history = history;
        this.ops = history.ops();
        this.allReplies = new Prefix(ops, false);
        this.writeReplies = new Prefix(ops, true);
    }

    /** The op with the highest zxid among those that completed strictly before {@code time}, or -1. */
    int maxZxidOpCompletedBefore(long time) {
        return allReplies.maxBefore(time);
    }

    CheckResult.Violation check() {
        CheckResult.Violation found = uniqueZxids();
        if (found == null) {
            found = syncs();
        }
        if (found == null) {
            found = sessionOrder();
        }
        if (found == null) {
            found = realTime();
        }
        return found;
    }

    private CheckResult.Violation uniqueZxids() {
        Map<Long, Integer> byZxid = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.command().isWrite() && op.hasReply()) {
                Integer other = byZxid.putIfAbsent(op.zxid(), i);
                if (other != null) {
                    return new CheckResult.Violation(Rule.UNIQUE_ZXIDS, "writes #" + other + " and #" + i
                            + " both carry zxid " + Zxids.format(op.zxid()), Witness.of(history, other, i));
                }
            }
        }
        return null;
    }

    private CheckResult.Violation syncs() {
        for (List<Integer> session : sessions()) {
            long need = -1;
            int syncOp = -1;
            int writeOp = -1;
            for (int i : session) {
                Op op = ops.get(i);
                if (op.command() instanceof Command.Sync && op.hasReply()) {
                    int w = writeReplies.maxBefore(op.invokedAt());
                    if (w >= 0 && ops.get(w).zxid() > need) {
                        need = ops.get(w).zxid();
                        syncOp = i;
                        writeOp = w;
                    }
                } else if (!op.command().isWrite() && op.hasReply() && op.zxid() < need) {
                    return new CheckResult.Violation(Rule.SYNC, "session 0x" + Long.toHexString(op.session())
                            + " synced (#" + syncOp + ") after write #" + writeOp + " had completed, then read #" + i
                            + " at zxid " + Zxids.format(op.zxid()) + ", older than the write's " + Zxids.format(need),
                            Witness.of(history, writeOp, syncOp, i));
                }
            }
        }
        return null;
    }

    private CheckResult.Violation sessionOrder() {
        for (List<Integer> session : sessions()) {
            long seen = -1;
            int seenOp = -1;
            for (int i : session) {
                Op op = ops.get(i);
                if (!op.hasReply()) {
                    continue;
                }
                boolean write = op.command().isWrite();
                if (write ? op.zxid() <= seen : op.zxid() < seen) {
                    return new CheckResult.Violation(Rule.SESSION_ORDER, sessionOrderText(seenOp, i),
                            Witness.of(history, seenOp, i));
                }
                if (op.zxid() > seen) {
                    seen = op.zxid();
                    seenOp = i;
                }
            }
        }
        return null;
    }

    private String sessionOrderText(int earlier, int later) {
        Op before = ops.get(earlier);
        Op after = ops.get(later);
        String session = "session 0x" + Long.toHexString(after.session());
        if (after.command().isWrite()) {
            return session + " issued #" + later + " after #" + earlier + ", yet #" + later + " took effect at zxid "
                    + Zxids.format(after.zxid()) + ", not after " + Zxids.format(before.zxid());
        }
        if (before.command().isWrite()) {
            return session + " did not see its own write: read #" + later + " carries zxid " + Zxids.format(after.zxid())
                    + ", older than its write #" + earlier + " at " + Zxids.format(before.zxid());
        }
        return session + " went back in time: read #" + later + " carries zxid " + Zxids.format(after.zxid())
                + " after #" + earlier + " had shown it " + Zxids.format(before.zxid());
    }

    private CheckResult.Violation realTime() {
        for (int i = 0; i < ops.size(); i++) {
            Op write = ops.get(i);
            if (!write.command().isWrite() || !write.hasReply()) {
                continue;
            }
            int before = allReplies.maxBefore(write.invokedAt());
            if (before >= 0 && ops.get(before).zxid() >= write.zxid()) {
                return new CheckResult.Violation(Rule.REAL_TIME, "write #" + i + " started after #" + before
                        + " finished, yet its zxid " + Zxids.format(write.zxid()) + " is not above the "
                        + Zxids.format(ops.get(before).zxid()) + " that #" + before + " carried",
                        Witness.of(history, before, i));
            }
        }
        return null;
    }

    /** Each session's ops in the order it issued them. */
    private List<List<Integer>> sessions() {
        Map<Long, List<Integer>> bySession = new HashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            bySession.computeIfAbsent(ops.get(i).session(), s -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> sessions = new ArrayList<>(bySession.values());
        for (List<Integer> session : sessions) {
            session.sort(Comparator.comparingLong((Integer i) -> ops.get(i).invokedAt()).thenComparingInt(i -> i));
        }
        return sessions;
    }

    /** Ops with a reply sorted by completion time, with the op of the highest zxid so far at each point. */
    private static final class Prefix {
        private final List<Op> ops;
        private final long[] completedAt;
        private final int[] maxOp;

        Prefix(List<Op> ops, boolean writesOnly) {
            this.ops = ops;
            List<Integer> replied = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                if (op.hasReply() && (!writesOnly || op.command().isWrite())) {
                    replied.add(i);
                }
            }
            replied.sort(Comparator.comparingLong(i -> ops.get(i).completedAt()));
            completedAt = new long[replied.size()];
            maxOp = new int[replied.size()];
            int best = -1;
            for (int k = 0; k < replied.size(); k++) {
                int i = replied.get(k);
                if (best < 0 || ops.get(i).zxid() > ops.get(best).zxid()) {
                    best = i;
                }
                completedAt[k] = ops.get(i).completedAt();
                maxOp[k] = best;
            }
        }

        int maxBefore(long time) {
            int k = Arrays.binarySearch(completedAt, time);
            if (k >= 0) {
                while (k > 0 && completedAt[k - 1] == time) {
                    k--;
                }
            } else {
                k = -k - 1;
            }
            return k == 0 ? -1 : maxOp[k - 1];
        }
    }
}
